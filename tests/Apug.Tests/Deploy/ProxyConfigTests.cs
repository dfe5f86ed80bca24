using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Apug.Server.Realtime;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Apug.Tests.Deploy;

/// <summary>
/// The shipped proxy configurations (deploy/nginx, deploy/caddy) run for real on loopback in front of a real judge:
/// only the addresses, ports and certificate paths are replaced. Through them: the pages, the client's real address
/// for the registration limit (and no way to fake it), the hub over WebSockets and Server-Sent Events (unbuffered),
/// a submission judged and heard, and no token in the proxy's access log.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ProxyConfigTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("apug-proxy-").FullName;
    private readonly KestrelServer judge = new(settings: new Dictionary<string, string?>
    {
        ["Apug:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Apug:RateLimits:RegistrationBurst"] = "1",
        ["Apug:RateLimits:RegistrationsPerWindow"] = "1",
        ["Apug:RateLimits:RegistrationWindowSeconds"] = "3600",
    });

    public void Dispose()
    {
        judge.Dispose();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task TheNginxConfigurationServesTheJudgeOverHttpsWithTheHubStreamingThroughIt()
    {
        var (https, http) = (FreePort(), FreePort());
        using var proxy = await StartNginxAsync("deploy/nginx/apug-judge.conf", https, http, new() { ["server 127.0.0.1:5000;"] = $"server 127.0.0.1:{judge.Port};" });

        // Plain HTTP only redirects to HTTPS.
        using (var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            var redirect = await plain.GetAsync($"http://127.0.0.1:{http}/projector/");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal($"https://127.0.0.1/projector/", redirect.Headers.Location?.ToString());
        }
        var token = await ThroughTheProxyAsync(new Uri($"https://127.0.0.1:{https}"), proxy);

        var log = File.ReadAllText(Path.Combine(work, "apug-judge.access.log"));
        Assert.Contains("/hubs/contest", log);
        Assert.DoesNotContain(token, log);
    }

    /// <summary>Runs a shipped nginx site file in a real nginx on loopback (HTTPS with a self-signed certificate).</summary>
    private async Task<ProxyProcess> StartNginxAsync(string shipped, int https, int http, Dictionary<string, string> upstreams)
    {
        const string nginx = "/usr/sbin/nginx";
        Assert.True(File.Exists(nginx), $"This test runs {shipped} in a real nginx: apt-get install -y nginx-light");
        WriteSelfSignedCertificate(Path.Combine(work, "cert.pem"), Path.Combine(work, "key.pem"));
        var site = Shipped(shipped, new Dictionary<string, string>(upstreams)
        {
            ["    listen 80;\n    listen [::]:80;"] = $"    listen 127.0.0.1:{http};",
            ["    listen 443 ssl http2;\n    listen [::]:443 ssl http2;"] = $"    listen 127.0.0.1:{https} ssl http2;",
            ["/etc/letsencrypt/live/judge.example.org/fullchain.pem"] = Path.Combine(work, "cert.pem"),
            ["/etc/letsencrypt/live/judge.example.org/privkey.pem"] = Path.Combine(work, "key.pem"),
            ["/var/log/nginx/"] = work + "/",
        });
        File.WriteAllText(Path.Combine(work, "site.conf"), site);
        // The test's own wrapper around the site file: one process in the foreground, everything in the work folder.
        File.WriteAllText(Path.Combine(work, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{work}}/nginx.pid;
            error_log {{work}}/error.log info;
            events { worker_connections 256; }
            http {
                include /etc/nginx/mime.types;
                client_body_temp_path {{work}}/body;
                proxy_temp_path {{work}}/proxy;
                fastcgi_temp_path {{work}}/fastcgi;
                uwsgi_temp_path {{work}}/uwsgi;
                scgi_temp_path {{work}}/scgi;
                include {{work}}/site.conf;
            }
            """);
        return await StartAsync(nginx, ["-p", work, "-c", Path.Combine(work, "nginx.conf")], https);
    }

    [Fact]
    public async Task TheSeveralInstancesNginxConfigurationKeepsEachBrowserOnOneInstance()
    {
        // Two judges that share nothing: a request that reaches the other one with a team's token gets 401.
        using var other = new KestrelServer(settings: new Dictionary<string, string?> { ["Apug:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        var (https, http) = (FreePort(), FreePort());
        using var proxy = await StartNginxAsync("deploy/nginx/apug-judge-instances.conf", https, http, new()
        {
            ["server 127.0.0.1:5000;       # instance A"] = $"server 127.0.0.1:{judge.Port};",
            ["server 127.0.0.1:5001;       # instance B (other machines: their addresses)"] = $"server 127.0.0.1:{other.Port};",
        });
        var address = new Uri($"https://127.0.0.1:{https}");

        // A browser (it keeps cookies): every request after the first reaches the instance the first one did.
        var browser = Handler(IPAddress.Parse("127.0.0.50"));
        browser.UseCookies = true;
        browser.CookieContainer = new System.Net.CookieContainer();
        using (var client = new HttpClient(browser) { BaseAddress = address })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
            var team = await RegisterAsync(client, "198.51.100.1");
            Assert.Equal(HttpStatusCode.Created, team.Status);
            client.DefaultRequestHeaders.Authorization = new("Bearer", team.Token);
            for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/submissions")).StatusCode);
            Assert.Contains(browser.CookieContainer.GetCookies(address), c => c.Name == "apug_instance" && c.Secure && c.HttpOnly);
        }

        // The hub, WebSockets only: negotiate and the WebSocket that follows reach the same instance (each page its own
        // cookie), else the WebSocket would get 404 from the instance that did not hand out the connection id.
        for (var i = 0; i < 6; i++)
        {
            var cookies = new System.Net.CookieContainer();
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(address, ContestHub.Path), options =>
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.Cookies = cookies;
                    options.HttpMessageHandlerFactory = _ =>
                    {
                        var handler = Handler(IPAddress.Loopback);
                        handler.CookieContainer = cookies;
                        return handler;
                    };
                    options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, _, _, _) => true;
                })
                .Build();
            await using (connection)
            {
                var state = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.On<JsonElement>("ContestState", _ => state.TrySetResult());
                await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
                await state.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        // The control: clients that drop the cookie are spread over both (a team then is unknown on the other one).
        var unknown = 0;
        for (var i = 0; i < 20; i++)
        {
            var forgetful = Handler(IPAddress.Parse($"127.0.1.{i + 1}"));
            forgetful.UseCookies = false;
            using var client = new HttpClient(forgetful) { BaseAddress = address };
            var team = await RegisterAsync(client, "198.51.100.2");
            Assert.Equal(HttpStatusCode.Created, team.Status);
            client.DefaultRequestHeaders.Authorization = new("Bearer", team.Token);
            if ((await client.GetAsync("/api/submissions")).StatusCode == HttpStatusCode.Unauthorized) unknown++;
        }
        Assert.True(unknown > 0, "without the cookie every request still reached one instance: the test shows nothing");
    }

    [Fact]
    public async Task TheCaddyConfigurationServesTheJudgeWithTheHubStreamingThroughIt()
    {
        const string caddy = "/usr/bin/caddy";
        Assert.True(File.Exists(caddy), "This test runs deploy/caddy/Caddyfile in a real Caddy: apt-get install -y caddy");
        var port = FreePort();
        // Plain HTTP on a free port: the certificate part is Caddy's own (Let's Encrypt), which needs a public name.
        var caddyfile = Shipped("deploy/caddy/Caddyfile", new()
        {
            ["\temail organisers@example.org"] = "\tadmin off\n\tstorage file_system " + Path.Combine(work, "caddy-data"),
            ["judge.example.org {"] = $"http://127.0.0.1:{port} {{",
            ["reverse_proxy 127.0.0.1:5000 {"] = $"reverse_proxy 127.0.0.1:{judge.Port} {{",
        });
        File.WriteAllText(Path.Combine(work, "Caddyfile"), caddyfile);
        using var proxy = await StartAsync(caddy, ["run", "--config", Path.Combine(work, "Caddyfile"), "--adapter", "caddyfile"], port,
            new() { ["HOME"] = work, ["XDG_DATA_HOME"] = work, ["XDG_CONFIG_HOME"] = work });

        await ThroughTheProxyAsync(new Uri($"http://127.0.0.1:{port}"), proxy);
    }

    /// <summary>What both proxies must do; returns the team token used, for the caller to look for in logs.</summary>
    private async Task<string> ThroughTheProxyAsync(Uri proxy, ProxyProcess process)
    {
        using var client = Client(proxy, from: IPAddress.Loopback);
        Assert.Contains("js/app.js", await client.GetStringAsync("/"));
        var wasm = await client.GetAsync("/lib/pyodide/pyodide.asm.wasm", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/wasm", wasm.Content.Headers.ContentType?.MediaType);

        // Registration is limited per client address: the proxy passes the real one (127.0.0.2 and 127.0.0.3 are two
        // clients here) and drops the X-Forwarded-For a client invents.
        using var second = Client(proxy, from: IPAddress.Parse("127.0.0.2"));
        using var third = Client(proxy, from: IPAddress.Parse("127.0.0.3"));
        var team = await RegisterAsync(second, "203.0.113.1");
        Assert.True(team.Status == HttpStatusCode.Created, $"{team.Status}\n{process.Output}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(second, "203.0.113.2")).Status);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(third, "203.0.113.2")).Status);

        // The hub through the proxy, as the browser connects: WebSockets first, Server-Sent Events as a fallback.
        await using (var events = await ConnectAsync(proxy, team.Token!, HttpTransportType.ServerSentEvents)) { }
        await using var hub = await ConnectAsync(proxy, team.Token!, HttpTransportType.WebSockets);
        var judged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("SubmissionJudged", view => judged.TrySetResult(view.GetProperty("verdict").ToString()));
        client.DefaultRequestHeaders.Authorization = new("Bearer", team.Token);
        var submitted = await client.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "name = input().strip()\nprint(f\"Hello, {name}!\")\n" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal("AC", await judged.Task.WaitAsync(TimeSpan.FromSeconds(120)));
        return team.Token!;
    }

    private static string Shipped(string path, Dictionary<string, string> replacements)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, path));
        foreach (var (from, to) in replacements)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"{path} no longer contains '{from}': update this test with it.");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    private sealed record Registration(HttpStatusCode Status, string? Token);

    private static async Task<Registration> RegisterAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/teams")
        {
            Content = JsonContent.Create(new { name = $"t-{Guid.NewGuid():N}"[..12], members = new[] { "Ada" } }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        var response = await client.SendAsync(request);
        var token = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<TeamRegisteredDto>())!.Token : null;
        return new(response.StatusCode, token);
    }

    private static async Task<HubConnection> ConnectAsync(Uri proxy, string token, HttpTransportType transport)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(proxy, $"{ContestHub.Path}?access_token={token}"), options =>
            {
                options.Transports = transport;
                options.HttpMessageHandlerFactory = _ => Handler(IPAddress.Loopback);
                options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            })
            .Build();
        var state = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("ContestState", _ => state.TrySetResult());
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await state.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return connection;
    }

    private static HttpClient Client(Uri proxy, IPAddress from) => new(Handler(from)) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Connects from the given loopback address (the proxy sees it as the client's), trusting the test's own certificate.</summary>
    private static SocketsHttpHandler Handler(IPAddress from) => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static void WriteSelfSignedCertificate(string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=judge.example.org", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<ProxyProcess> StartAsync(string file, string[] arguments, int port, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? []) info.Environment[key] = value;
        var proxy = new ProxyProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            Assert.False(proxy.HasExited, $"{file} exited at start:\n{proxy.Output}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private sealed class ProxyProcess : IDisposable
    {
        private readonly Process process;
        private readonly System.Text.StringBuilder output = new();

        public ProxyProcess(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public bool HasExited => process.HasExited;

        public string Output
        {
            get { lock (output) return output.ToString(); }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
            process.Dispose();
        }
    }
}
