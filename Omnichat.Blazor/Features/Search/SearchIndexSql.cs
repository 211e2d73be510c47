namespace Omnichat.Blazor.Features.Search;

/// <summary>
/// The full-text index (SQLite FTS5), which EF Core cannot model: message bodies, and contact names with every address.
/// Triggers keep it in step with every write, deletes included, so erased text cannot be found. The migration applies
/// <see cref="Create"/>; a database made with EnsureCreated gets it through <c>EnsureCreatedWithSearchAsync</c>.
/// </summary>
public static class SearchIndexSql
{
    public const string MessageTable = "MessageSearch";
    public const string ContactTable = "ContactSearch";

    /// <summary>The text of one contact in the index: name, e-mail and every address (phone numbers in E.164).</summary>
    private static string IndexContact(string contactId) =>
        $"""
        DELETE FROM "{ContactTable}" WHERE rowid = {contactId};
        INSERT INTO "{ContactTable}" (rowid, "Name", "Addresses")
        SELECT c."Id", c."Name", coalesce(c."Email", '') || ' ' || coalesce((SELECT group_concat(i."Value", ' ') FROM "ContactIdentities" AS i WHERE i."ContactId" = c."Id"), '')
        FROM "Contacts" AS c WHERE c."Id" = {contactId};
        """;

    public static readonly string Create =
        $"""
        CREATE VIRTUAL TABLE "{MessageTable}" USING fts5("Body", content='Messages', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER "Messages_Search_Insert" AFTER INSERT ON "Messages" BEGIN
            INSERT INTO "{MessageTable}" (rowid, "Body") VALUES (new."Id", new."Body");
        END;
        CREATE TRIGGER "Messages_Search_Delete" AFTER DELETE ON "Messages" BEGIN
            INSERT INTO "{MessageTable}" ("{MessageTable}", rowid, "Body") VALUES ('delete', old."Id", old."Body");
        END;
        CREATE TRIGGER "Messages_Search_Update" AFTER UPDATE OF "Body" ON "Messages" BEGIN
            INSERT INTO "{MessageTable}" ("{MessageTable}", rowid, "Body") VALUES ('delete', old."Id", old."Body");
            INSERT INTO "{MessageTable}" (rowid, "Body") VALUES (new."Id", new."Body");
        END;
        -- A delete rewrites the index pages at once instead of leaving the old words in them until a merge: erased text
        -- must not be readable from the database file (SQLite 3.44+).
        INSERT INTO "{MessageTable}" ("{MessageTable}", rank) VALUES ('secure-delete', 1);
        INSERT INTO "{MessageTable}" ("{MessageTable}") VALUES ('rebuild');

        CREATE VIRTUAL TABLE "{ContactTable}" USING fts5("Name", "Addresses", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
        INSERT INTO "{ContactTable}" ("{ContactTable}", rank) VALUES ('secure-delete', 1);
        CREATE TRIGGER "Contacts_Search_Insert" AFTER INSERT ON "Contacts" BEGIN
            {IndexContact("new.\"Id\"")}
        END;
        CREATE TRIGGER "Contacts_Search_Update" AFTER UPDATE OF "Name", "Email" ON "Contacts" BEGIN
            {IndexContact("new.\"Id\"")}
        END;
        CREATE TRIGGER "Contacts_Search_Delete" AFTER DELETE ON "Contacts" BEGIN
            DELETE FROM "{ContactTable}" WHERE rowid = old."Id";
        END;
        CREATE TRIGGER "ContactIdentities_Search_Insert" AFTER INSERT ON "ContactIdentities" BEGIN
            {IndexContact("new.\"ContactId\"")}
        END;
        CREATE TRIGGER "ContactIdentities_Search_Update" AFTER UPDATE ON "ContactIdentities" BEGIN
            {IndexContact("old.\"ContactId\"")}
            {IndexContact("new.\"ContactId\"")}
        END;
        CREATE TRIGGER "ContactIdentities_Search_Delete" AFTER DELETE ON "ContactIdentities" BEGIN
            {IndexContact("old.\"ContactId\"")}
        END;
        INSERT INTO "{ContactTable}" (rowid, "Name", "Addresses")
        SELECT c."Id", c."Name", coalesce(c."Email", '') || ' ' || coalesce((SELECT group_concat(i."Value", ' ') FROM "ContactIdentities" AS i WHERE i."ContactId" = c."Id"), '')
        FROM "Contacts" AS c;
        """;

    public static readonly string Drop =
        """
        DROP TRIGGER "Messages_Search_Insert";
        DROP TRIGGER "Messages_Search_Delete";
        DROP TRIGGER "Messages_Search_Update";
        DROP TABLE "MessageSearch";
        DROP TRIGGER "Contacts_Search_Insert";
        DROP TRIGGER "Contacts_Search_Update";
        DROP TRIGGER "Contacts_Search_Delete";
        DROP TRIGGER "ContactIdentities_Search_Insert";
        DROP TRIGGER "ContactIdentities_Search_Update";
        DROP TRIGGER "ContactIdentities_Search_Delete";
        DROP TABLE "ContactSearch";
        """;
}
