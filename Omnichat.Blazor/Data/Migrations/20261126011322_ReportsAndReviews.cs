using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Omnichat.Blazor.Features.Reports;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportsAndReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FirstReplyTargetMinutes",
                table: "Queues",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedById",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConversationMetrics",
                columns: table => new
                {
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstCustomerMessageAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstResponseSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    ResolutionSeconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationMetrics", x => x.ConversationId);
                    table.ForeignKey(
                        name: "FK_ConversationMetrics_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewNotes_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ReviewNotes_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationMetrics_CreatedAt",
                table: "ConversationMetrics",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewNotes_AuthorId",
                table: "ReviewNotes",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewNotes_ConversationId",
                table: "ReviewNotes",
                column: "ConversationId");

            migrationBuilder.Sql(ReportMetricsSql.Create);
            migrationBuilder.Sql(ReportMetricsSql.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ReportMetricsSql.Drop);

            migrationBuilder.DropTable(
                name: "ConversationMetrics");

            migrationBuilder.DropTable(
                name: "ReviewNotes");

            migrationBuilder.DropColumn(
                name: "FirstReplyTargetMinutes",
                table: "Queues");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ReviewedById",
                table: "Conversations");
        }
    }
}
