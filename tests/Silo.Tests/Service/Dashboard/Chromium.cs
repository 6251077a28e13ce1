using Microsoft.Playwright;

namespace Orleans.Dataflow.Silo.Tests.Service.Dashboard;

/// <summary>Debian's chromium, headless, driven by Playwright: the browser the dashboard's tests open it in.</summary>
/// <remarks>Playwright never downloads a browser here: it launches <see cref="ExecutablePath"/>, which <c>scripts/test.sh</c> installs from apt when it is missing.</remarks>
internal sealed class Chromium : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The running browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>Starts Playwright's driver and launches the browser headless.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run the tests with scripts/test.sh, which installs it, or apt-get install chromium");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            return new Chromium(playwright, await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true }));
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in a fresh context (its own session storage), sized for a readable screenshot.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Closes the browser and stops the driver.</summary>
    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
