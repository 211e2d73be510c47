using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReplyWindowAndApprovedTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MessageTag",
                table: "Outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Template",
                table: "Outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TwilioContentSid",
                table: "MessageTemplates",
                type: "TEXT",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WhatsAppTemplateLanguage",
                table: "MessageTemplates",
                type: "TEXT",
                maxLength: 15,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "UseHumanAgentTag",
                table: "ChannelAccounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MessageTag",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "Template",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "TwilioContentSid",
                table: "MessageTemplates");

            migrationBuilder.DropColumn(
                name: "WhatsAppTemplateLanguage",
                table: "MessageTemplates");

            migrationBuilder.DropColumn(
                name: "UseHumanAgentTag",
                table: "ChannelAccounts");
        }
    }
}
