using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Apug.Server.Data;
using Apug.Server.Teams;
using Apug.Server.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Apug.Server.Admin;

/// <summary>
/// Knows the hash of the admin token: from configuration, or generated once and kept (hashed) in admin_settings.
/// A generated token is written once to a file beside the database (mode 0600); the log says where, never what.
/// </summary>
public sealed class AdminTokens(Database database, IOptions<AdminOptions> options, ILogger<AdminTokens> logger)
{
    private const string SettingKey = "admin_token_hash";
    private readonly SemaphoreSlim gate = new(1, 1);
    private byte[]? expectedHash;

    public async Task<byte[]> ExpectedHashAsync(CancellationToken cancellationToken)
    {
        if (expectedHash is { } known) return known;
        await gate.WaitAsync(cancellationToken);
        try
        {
            return expectedHash ??= await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Constant-time: compares SHA-256 hashes of equal length, so neither content nor length leaks by timing.</summary>
    public async Task<bool> IsValidAsync(string token, CancellationToken cancellationToken)
    {
        var expected = await ExpectedHashAsync(cancellationToken);
        return CryptographicOperations.FixedTimeEquals(Hash(token), expected);
    }

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.AdminToken)) return Hash(options.Value.AdminToken.Trim());

        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<string>("SELECT value FROM admin_settings WHERE key = @SettingKey", new { SettingKey });
        if (stored is not null) return Convert.FromHexString(stored);

        var token = TeamTokenAuthentication.NewToken();
        var hash = Hash(token);
        // Insert unless present + read back: two servers on one database agree on the first token.
        await connection.ExecuteAsync("INSERT INTO admin_settings (key, value) VALUES (@SettingKey, @value) ON CONFLICT DO NOTHING",
            new { SettingKey, value = Convert.ToHexStringLower(hash) });
        var winner = await connection.QuerySingleAsync<string>("SELECT value FROM admin_settings WHERE key = @SettingKey", new { SettingKey });
        if (winner == Convert.ToHexStringLower(hash))
        {
            // Never through the logger: logs are shipped, kept and shared; a file readable by its owner only is not.
            var file = TokenFile(database.FilePath);
            try
            {
                WriteOwnerOnly(file, token + "\n");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Forget the hash too: a token nobody can read would lock the organisers out; the next start tries again.
                await connection.ExecuteAsync("DELETE FROM admin_settings WHERE key = @SettingKey", new { SettingKey });
                throw new InvalidOperationException($"Could not write the generated admin token to {file} ({ex.Message}). Make that folder writable, or set Apug:AdminToken.", ex);
            }
            logger.LogWarning(
                "Generated the admin token and wrote it to {TokenFile} (readable by this user only; set Apug:AdminToken to choose your own) " +
                "— open /admin and paste it, or send 'Authorization: Bearer <token>' to /api/admin", file);
        }
        return Convert.FromHexString(winner);
    }

    /// <summary>Where a generated admin token is written: beside the database, e.g. apug.db → apug.db.admin-token.</summary>
    public static string TokenFile(string databaseFile) => databaseFile + ".admin-token";

    /// <summary>Created with mode 0600 from the start, so there is no moment when others could read it.</summary>
    private static void WriteOwnerOnly(string path, string text)
    {
        File.Delete(path); // an older file keeps its mode when overwritten
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>Prints (or loads) the admin token at start-up, after the migrations ran, so organisers see it straight away.</summary>
public sealed class AdminTokenInitializer(AdminTokens tokens) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await tokens.ExpectedHashAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The "AdminToken" scheme: 'Authorization: Bearer &lt;admin token&gt;' on /api/admin.</summary>
public sealed class AdminAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminTokens tokens) : BearerTokenAuthentication(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";
    public const string PolicyName = "Admin";
    public const string Role = "admin";

    /// <summary>The admin page connects to the hub with the admin token too; the ICPC tools send it as HTTP Basic's password.</summary>
    protected override string? TokenOf(HttpRequest request) => base.TokenOf(request) ?? BasicPassword(request);

    protected override async Task<IReadOnlyList<Claim>?> ClaimsForAsync(string token) =>
        await tokens.IsValidAsync(token, Context.RequestAborted) ? [new Claim(ClaimTypes.Name, "organiser"), new Claim(ClaimTypes.Role, Role)] : null;

    protected override string ChallengeDetail(bool tokenRejected) => tokenRejected
        ? "The admin token is not valid. Check Apug:AdminToken, or the .admin-token file beside the database."
        : "This needs the admin token: send 'Authorization: Bearer <admin token>'. It is Apug:AdminToken, or the one the server generated at its first start (in the .admin-token file beside the database).";

    /// <summary>HTTP Basic with the admin token as the password (any user name): how the ICPC tools log in.</summary>
    private static string? BasicPassword(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = pair.IndexOf(':');
            return colon < 0 || colon == pair.Length - 1 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
