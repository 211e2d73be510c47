using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class PrivateNoteMentions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NoteMentions",
                columns: table => new
                {
                    NoteId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoteMentions", x => new { x.NoteId, x.UserId });
                    table.ForeignKey(
                        name: "FK_NoteMentions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NoteMentions_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NoteMentions_Messages_NoteId",
                        column: x => x.NoteId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NoteMentions_ConversationId",
                table: "NoteMentions",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_NoteMentions_UserId_ConversationId",
                table: "NoteMentions",
                columns: new[] { "UserId", "ConversationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NoteMentions");
        }
    }
}
