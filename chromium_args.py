"""The command line of the headless Chromium that the tests and the benchmarks drive (a
module of its own, with no imports, so that both can read it)."""

# Chromium honours only the last --disable-features, so this one repeats the features that
# Playwright disables itself, then adds the omnibox popup: headless Chromium otherwise
# loads that page of its own user interface (a dozen scripts) in every new browser
# context, which takes a core for a tenth of a second beside the page being measured.
_PLAYWRIGHT_DISABLED = [
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
    "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch"]
DISABLED_FEATURES = [*_PLAYWRIGHT_DISABLED, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage",
                 "--disable-features=" + ",".join(DISABLED_FEATURES)]
