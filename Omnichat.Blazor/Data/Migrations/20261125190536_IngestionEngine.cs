using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class IngestionEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InboundEvents_ProcessedAt",
                table: "InboundEvents");

            migrationBuilder.AddColumn<DateTime>(
                name: "DeadLetteredAt",
                table: "InboundEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "InboundEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "InboundEvents",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateIndex(
                name: "IX_InboundEvents_DeadLetteredAt",
                table: "InboundEvents",
                column: "DeadLetteredAt");

            migrationBuilder.CreateIndex(
                name: "IX_InboundEvents_Pending",
                table: "InboundEvents",
                column: "Id",
                filter: "\"ProcessedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InboundEvents_DeadLetteredAt",
                table: "InboundEvents");

            migrationBuilder.DropIndex(
                name: "IX_InboundEvents_Pending",
                table: "InboundEvents");

            migrationBuilder.DropColumn(
                name: "DeadLetteredAt",
                table: "InboundEvents");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "InboundEvents");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "InboundEvents");

            migrationBuilder.CreateIndex(
                name: "IX_InboundEvents_ProcessedAt",
                table: "InboundEvents",
                column: "ProcessedAt");
        }
    }
}
