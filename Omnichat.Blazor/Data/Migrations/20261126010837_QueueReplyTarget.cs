using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueueReplyTarget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FirstReplyTargetMinutes",
                table: "Queues",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstReplyTargetMinutes",
                table: "Queues");
        }
    }
}
