using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class VisitorSessionLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastSeenAt",
                table: "LiveChatVisitors",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "RevokedAt",
                table: "LiveChatVisitors",
                type: "TEXT",
                nullable: true);

            // Sessions that exist get a full idle period from the upgrade on, rather than expiring at once.
            migrationBuilder.Sql("UPDATE \"LiveChatVisitors\" SET \"LastSeenAt\" = strftime('%Y-%m-%d %H:%M:%S', 'now');");

            migrationBuilder.CreateIndex(
                name: "IX_LiveChatVisitors_LastIp_CreatedAt",
                table: "LiveChatVisitors",
                columns: new[] { "LastIp", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LiveChatVisitors_LastIp_CreatedAt",
                table: "LiveChatVisitors");

            migrationBuilder.DropColumn(
                name: "LastSeenAt",
                table: "LiveChatVisitors");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "LiveChatVisitors");
        }
    }
}
