using System.Net;
using Memfun.Core.Errors;
using Memfun.Tools.Web;

namespace Memfun.Tools.Tests;

public sealed class SsrfTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.100.100.200", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped")]
    [InlineData("::127.0.0.1", "IPv4-compatible")]
    [InlineData("2002:7f00:1::", "6to4")]
    [InlineData("64:ff9b::a00:1", "NAT64")]
    public void Addresses_InBlockedClasses_AreRefused(string address, string reason)
    {
        Assert.Contains(reason, AddressRules.WhyBlocked(IPAddress.Parse(address)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void PublicAddresses_AreAllowed(string address)
    {
        Assert.Null(AddressRules.WhyBlocked(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0x7f.0.0.1/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://127.1/")]
    [InlineData("http://0/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0xA9FEA9FE/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://localhost/")]
    [InlineData("http://api.localhost/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://127.0.0.1./")]
    public void EncodedAndNamedLocalHosts_AreRefusedBeforeAnyLookup(string url)
    {
        var guard = new SsrfGuard(new WebSettings(), new FixedResolver());

        var error = Assert.Throws<SecurityException>(() => guard.CheckUrl(new Uri(url)));

        Assert.Equal(MemfunErrorCodes.SecurityBlockedUrl, error.ErrorCode);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/")]
    [InlineData("gopher://example.com/")]
    public void NonHttpSchemes_AreRefused(string url)
    {
        var error = Assert.Throws<SecurityException>(() => new SsrfGuard(new WebSettings()).CheckUrl(new Uri(url)));

        Assert.Contains("only http and https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamesResolvingToBlockedAddresses_AreRefused_EvenWhenOneAnswerIsPublic()
    {
        var resolver = new FixedResolver { ["rebind.test"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("127.0.0.1")], ["public.test"] = [IPAddress.Parse("93.184.216.34")] };
        var guard = new SsrfGuard(new WebSettings(), resolver);

        var error = await Assert.ThrowsAsync<SecurityException>(() => guard.ResolveAsync("rebind.test", _ct));
        var pinned = await guard.ResolveAsync("public.test", _ct);

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Parse("93.184.216.34"), pinned);
    }

    [Fact]
    public void BlockedHosts_AreRefused_WithTheirSubdomains()
    {
        var guard = new SsrfGuard(new WebSettings { BlockedHosts = ["evil.example"] });

        Assert.Throws<SecurityException>(() => guard.CheckUrl(new Uri("https://evil.example/")));
        Assert.Throws<SecurityException>(() => guard.CheckUrl(new Uri("https://www.evil.example/")));
        guard.CheckUrl(new Uri("https://notevil.example/"));
    }

    [Fact]
    public async Task Fetch_OfALoopbackServer_IsRefusedWithoutTheAllowList()
    {
        await using var server = await LocalWebServer.StartAsync();
        var resolverWithoutNameChecks = new WebSettings();
        using var fetcher = new WebFetcher(resolverWithoutNameChecks);

        var byName = await Assert.ThrowsAsync<SecurityException>(() => fetcher.GetAsync(server.Url("/page"), _ct));
        var byAddress = await Assert.ThrowsAsync<SecurityException>(() => fetcher.GetAsync($"http://127.0.0.1:{server.BaseUrl.Port}/page", _ct));

        Assert.Equal(MemfunErrorCodes.SecurityBlockedUrl, byName.ErrorCode);
        Assert.Equal(MemfunErrorCodes.SecurityBlockedUrl, byAddress.ErrorCode);
    }

    [Fact]
    public async Task ConnectionTime_Check_CatchesNamesThatResolveToLoopback()
    {
        // "loop.test" passes the name checks; only the connect callback's lookup sees it is loopback.
        await using var server = await LocalWebServer.StartAsync();
        using var fetcher = new WebFetcher(new WebSettings(), new FixedResolver { ["loop.test"] = [IPAddress.Loopback] });

        var error = await Assert.ThrowsAsync<SecurityException>(() => fetcher.GetAsync($"http://loop.test:{server.BaseUrl.Port}/page", _ct));

        Assert.Contains("resolves to 127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/page")]
    [InlineData("http://2130706433:{port}/page")]
    [InlineData("http://0x7f000001:{port}/page")]
    [InlineData("http://[::1]:{port}/page")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("file:///etc/passwd")]
    public async Task Redirects_ToBlockedTargets_AreRefused(string target)
    {
        await using var server = await LocalWebServer.StartAsync();
        using var fetcher = new WebFetcher(new WebSettings { AllowedHosts = ["localhost"] });
        var to = target.Replace("{port}", server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var allowed = await fetcher.GetAsync(server.Url("/text"), _ct);
        var error = await Assert.ThrowsAsync<SecurityException>(() => fetcher.GetAsync(server.Url("/redirect?to=" + Uri.EscapeDataString(to)), _ct));

        Assert.Equal("plain text body", allowed.Body);
        Assert.Equal(MemfunErrorCodes.SecurityBlockedUrl, error.ErrorCode);
    }

    [Fact]
    public async Task Redirects_ToAllowedTargets_AreFollowed()
    {
        await using var server = await LocalWebServer.StartAsync();
        using var fetcher = new WebFetcher(new WebSettings { AllowedHosts = ["localhost"] });

        var response = await fetcher.GetAsync(server.Url("/redirect?to=/text"), _ct);

        Assert.Equal("plain text body", response.Body);
        Assert.EndsWith("/text", response.Url.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargeBodies_AreCutAtMaxBytes()
    {
        await using var server = await LocalWebServer.StartAsync();
        using var fetcher = new WebFetcher(new WebSettings { AllowedHosts = ["localhost"], MaxBytes = 4096 });

        var response = await fetcher.GetAsync(server.Url("/big"), _ct);

        Assert.True(response.Truncated);
        Assert.Equal(4096, response.Body.Length);
    }
}
