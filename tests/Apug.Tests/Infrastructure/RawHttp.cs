using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Apug.Tests.Infrastructure;

/// <summary>Bytes on a socket, for requests HttpClient refuses to send (bad request lines, lying headers).</summary>
public static class RawHttp
{
    /// <summary>Sends the text as is and reads the answer until the server closes or 5 s pass; returns the status and the whole response.</summary>
    public static async Task<(int Status, string Response)> SendAsync(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before reading everything: the answer is still there to read.
        }
        var response = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                response.Write(buffer, 0, read);
                if (Complete(response)) break;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
        }
        var text = Encoding.Latin1.GetString(response.ToArray());
        var parts = text.Split(' ', 3);
        var status = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return (status, text);
    }

    private static bool Complete(MemoryStream response)
    {
        var text = Encoding.Latin1.GetString(response.GetBuffer(), 0, (int)response.Length);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var header = text[..end];
        var length = header.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is null) return !header.Contains("chunked", StringComparison.OrdinalIgnoreCase) || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        return text.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
