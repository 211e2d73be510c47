using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnichat.Blazor.Data.Migrations
{
    /// <inheritdoc />
    public partial class MetaChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedAppSecret",
                table: "ChannelAccounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "ChannelAccounts",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "BuiltIn");

            // Every SMS and WhatsApp channel so far went through Twilio; Facebook pages go through Meta.
            migrationBuilder.Sql("UPDATE \"ChannelAccounts\" SET \"Provider\" = 'Twilio' WHERE \"Kind\" IN ('Sms', 'WhatsApp')");
            migrationBuilder.Sql("UPDATE \"ChannelAccounts\" SET \"Provider\" = 'Meta' WHERE \"Kind\" = 'Facebook'");

            migrationBuilder.AddColumn<string>(
                name: "VerifyToken",
                table: "ChannelAccounts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProtectedAppSecret",
                table: "ChannelAccounts");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "ChannelAccounts");

            migrationBuilder.DropColumn(
                name: "VerifyToken",
                table: "ChannelAccounts");
        }
    }
}
