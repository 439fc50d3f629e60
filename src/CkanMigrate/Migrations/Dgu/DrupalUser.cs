namespace CkanMigrate.Migrations.Dgu;

/// <summary>The five columns of the Drupal users table the migration reads (spec §2.4).</summary>
internal sealed record DrupalUser(string Uid, string Name, string Pass, string Mail, long Created);
