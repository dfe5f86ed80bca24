using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Apug.Server.Web;

/// <summary>Removes bearer tokens from text meant for a log: ?access_token=… (and &amp;access_token=…) and "Bearer …".</summary>
public static partial class SecretRedaction
{
    public const string Mask = "[redacted]";

    /// <summary>
    /// Every logger (every category, every level, every provider, also ones added later) writes through
    /// <see cref="Redact"/>: team and admin tokens travel in query strings (?access_token= for WebSockets) and
    /// headers, and framework categories (Hosting, Kestrel, SignalR, HttpLogging) print request targets at Information
    /// or below.
    /// </summary>
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));
        return services;
    }

    public static string Redact(string text) =>
        MayHoldSecret(text) ? Secrets().Replace(text, match => match.Groups["name"].Value + Mask) : text;

    /// <summary>Cheap test first: nearly every log line has neither word, and the regex then never runs.</summary>
    private static bool MayHoldSecret(string text) =>
        text.Contains("access_token", StringComparison.OrdinalIgnoreCase) || text.Contains("bearer", StringComparison.OrdinalIgnoreCase);

    // A token's characters (base64url, also percent-encoded or standard base64) up to the next separator;
    // "Bearer <admin token>" in our own help texts is left alone ('<' is not one of them).
    [GeneratedRegex(@"(?<name>access_token(=|%3D)|bearer\s+)[A-Za-z0-9\-._~+/%]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secrets();

    internal static object? RedactValue(object? value) => value switch
    {
        null => null,
        string text => Redact(text),
        _ when value.GetType().IsPrimitive || value is Enum or decimal or DateTime or DateTimeOffset or TimeSpan or Guid => value,
        // QueryString, PathString, Uri, HostString …: one whose text holds a secret is replaced by its redacted text.
        _ when value.ToString() is { } text && MayHoldSecret(text) => Redact(text),
        _ => value,
    };
}

internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel)) return;
        var message = SecretRedaction.Redact(formatter(state, exception));
        var fields = state as IReadOnlyList<KeyValuePair<string, object?>>;
        inner.Log(logLevel, eventId, new RedactedState(message, fields), RedactedException.From(exception), static (s, _) => s.Message);
    }
}

/// <summary>
/// The message and the structured fields (what JSON and other structured providers write), both redacted. The
/// "{OriginalFormat}" template stays: it holds placeholders, not values.
/// </summary>
internal sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>>? fields) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Message => message;

    public int Count => fields?.Count ?? 0;

    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            var (key, value) = fields![index];
            return new(key, key == "{OriginalFormat}" ? value : SecretRedaction.RedactValue(value));
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}

/// <summary>An exception whose text held a token (e.g. a URL in its message) is logged as its redacted text.</summary>
internal sealed class RedactedException(string text) : Exception(text)
{
    public static Exception? From(Exception? exception)
    {
        if (exception is null) return null;
        var text = exception.ToString();
        var redacted = SecretRedaction.Redact(text);
        return ReferenceEquals(text, redacted) ? exception : new RedactedException(redacted);
    }

    public override string ToString() => Message;
}
