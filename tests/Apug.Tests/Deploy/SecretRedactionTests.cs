using Apug.Server.Web;

namespace Apug.Tests.Deploy;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("GET http://h/hubs/contest?id=abc&access_token=Zm9v-_bar - - -", "GET http://h/hubs/contest?id=abc&access_token=[redacted] - - -")]
    [InlineData("/hubs/contest?access_token=a%2Bb%3D&x=1", "/hubs/contest?access_token=[redacted]&x=1")]
    [InlineData("url=/hubs/contest%3Faccess_token%3DZm9v", "url=/hubs/contest%3Faccess_token%3D[redacted]")]
    [InlineData("Authorization: Bearer abc.DEF-123_x==", "Authorization: Bearer [redacted]")]
    [InlineData("authorization: bearer abc", "authorization: bearer [redacted]")]
    public void TokensInQueryStringsAndBearerHeadersAreCutOut(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    [Theory]
    [InlineData("send 'Authorization: Bearer <admin token>' to /api/admin")]
    [InlineData("Request finished HTTP/1.1 GET http://h/api/teams - 200")]
    public void TextWithoutATokenIsLeftAsItIs(string text) => Assert.Same(text, SecretRedaction.Redact(text));
}
