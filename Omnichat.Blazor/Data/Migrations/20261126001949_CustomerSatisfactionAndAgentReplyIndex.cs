using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class CustomerSatisfactionAndAgentReplyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SurveyTemplateName",
                table: "ChannelAccounts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SatisfactionRatings",
                columns: table => new
                {
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionRatings", x => x.ConversationId);
                    table.ForeignKey(
                        name: "FK_SatisfactionRatings_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionSurveys",
                columns: table => new
                {
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChannelAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactId = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionSurveys", x => x.ConversationId);
                    table.ForeignKey(
                        name: "FK_SatisfactionSurveys_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_AuthorId_SentAt",
                table: "Messages",
                columns: new[] { "AuthorId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionRatings_RatedAt",
                table: "SatisfactionRatings",
                column: "RatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionSurveys_ContactId_ChannelAccountId_SentAt",
                table: "SatisfactionSurveys",
                columns: new[] { "ContactId", "ChannelAccountId", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SatisfactionRatings");

            migrationBuilder.DropTable(
                name: "SatisfactionSurveys");

            migrationBuilder.DropIndex(
                name: "IX_Messages_AuthorId_SentAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SurveyTemplateName",
                table: "ChannelAccounts");
        }
    }
}
