<#
.SYNOPSIS
    Builds MemcachePS and lays the module out as it ships; packages it; runs the demo and the tests.

.DESCRIPTION
    Build:   dotnet build of the solution, then out/MemcachePS/<version>/ with the manifest, MemcachePS.dll,
             MemcachePS.Core.dll, the format file and en-US help (importable with Import-Module ./out/MemcachePS).
    Package: Build, then Publish-PSResource of that folder to out/ as a local PSResource repository, giving
             out/MemcachePS.<version>.nupkg: the package the PowerShell Gallery would serve.
    Demo:    Build, then examples/Demo.ps1 in a fresh pwsh: warms a cache from a CSV, reads it back, shows stats and
             the keys, against a memcached it starts on a free port (or -InMemory when memcached is not installed).
    Test:    Package, then every xunit project (dotnet test of the solution) and Pester 5 on tests/Pester in a fresh
             pwsh; prints one closing line for each suite and fails when either fails or runs nothing.
    Pester:  Package, then Pester only.
    Clean:   removes out/, .tools/ and the projects' bin/ and obj/ folders.

    Pester 5.5 or later (before 6) is used when installed; otherwise Pester 5.9.1 is restored from NuGet into .tools/
    (ignored by git) with tools/Pester.proj. No PowerShell Gallery access is needed.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Demo', 'Test', 'Pester', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Demo: use an in-memory store even when memcached is installed.
    [switch] $InMemory
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$manifestPath = Join-Path $root 'MemcachePS.psd1'
$version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
$moduleRoot = Join-Path $root 'out/MemcachePS'
$moduleDir = Join-Path $moduleRoot $version

function Invoke-Native([string] $what, [scriptblock] $command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)." }
}

function Assert-VersionsAgree {
    # The manifest and Directory.Build.props must name the same version, or the dll and the folder disagree.
    [xml] $props = Get-Content (Join-Path $root 'Directory.Build.props') -Raw
    $assemblyVersion = @($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ })[0]
    if ($assemblyVersion -ne $version) {
        throw "MemcachePS.psd1 says $version but Directory.Build.props says $assemblyVersion; make them agree."
    }
}

function Invoke-BuildTask {
    Assert-VersionsAgree
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'MemcachePS.sln') -c $Configuration --nologo -v quiet }

    $publishDir = Join-Path $root "src/Module/bin/$Configuration/publish"
    Invoke-Native 'dotnet publish' { dotnet publish (Join-Path $root 'src/Module/MemcachePS.csproj') -c $Configuration -o $publishDir --nologo -v quiet }

    # Only our two assemblies ship: System.Management.Automation comes from the PowerShell that loads the module.
    $shipped = 'MemcachePS.dll', 'MemcachePS.Core.dll'
    $unexpected = Get-ChildItem $publishDir -Filter *.dll |
        Where-Object { $_.Name -notin $shipped -and $_.Name -ne 'System.Management.Automation.dll' }
    if ($unexpected) {
        throw "The module now depends on $($unexpected.Name -join ', '); decide whether it ships and add it to build.ps1."
    }

    if (Test-Path $moduleRoot) { Remove-Item $moduleRoot -Recurse -Force }
    New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force | Out-Null
    foreach ($dll in $shipped) { Copy-Item (Join-Path $publishDir $dll) $moduleDir }
    Copy-Item $manifestPath, (Join-Path $root 'MemcachePS.Format.ps1xml') $moduleDir
    Copy-Item (Join-Path $root 'en-US/*') (Join-Path $moduleDir 'en-US')

    Test-ModuleManifest (Join-Path $moduleDir 'MemcachePS.psd1') | Out-Null
    Write-Host "MemcachePS $version laid out in $moduleDir"
}

function Get-PwshPath {
    # The PowerShell that runs this script (`dotnet pwsh` or an installed pwsh), so the children run the same version.
    foreach ($name in 'pwsh', 'pwsh.exe') {
        $candidate = Join-Path $PSHOME $name
        if (Test-Path $candidate -PathType Leaf) { return $candidate }
    }
    return 'pwsh'
}

function Invoke-PackageTask {
    Invoke-BuildTask
    $outDir = Join-Path $root 'out'
    $package = Join-Path $outDir "MemcachePS.$version.nupkg"
    if (Test-Path $package) { Remove-Item $package -Force }
    # A throwaway repository registration: the user's own PSResource repositories are left as they were.
    $repositoryName = 'MemcachePS-build-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $repositoryName -Uri $outDir -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $repositoryName -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
    }
    if (-not (Test-Path $package)) { throw "Publish-PSResource did not write $package." }
    Write-Host "MemcachePS $version packaged as $package"
}

function Invoke-DemoTask {
    Invoke-BuildTask
    # A fresh pwsh, so the module loads as a user's session would load it.
    $demoArgs = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'examples/Demo.ps1'), '-ModulePath', $moduleRoot)
    if ($InMemory) { $demoArgs += '-InMemory' }
    Invoke-Native 'the demo' { & (Get-PwshPath) @demoArgs }
}

function Invoke-TestTask {
    Invoke-PackageTask
    # Both suites run even when the first fails, so one run shows every failure; then the task fails.
    $failures = @()
    $lines = foreach ($suite in 'Invoke-XunitTests', 'Invoke-PesterTests') {
        try { & $suite } catch { $failures += $_.Exception.Message }
    }
    $lines | ForEach-Object { Write-Host $_ }
    if ($failures) { throw ($failures -join ' ') }
}

function Invoke-PesterTask {
    Invoke-PackageTask
    Write-Host (Invoke-PesterTests)
}

function Invoke-XunitTests {
    # Every test project of the solution; the closing line sums their summaries ("Passed!  - Failed: 0, Passed: N, ...").
    $log = [System.Collections.Generic.List[string]]::new()
    dotnet test (Join-Path $root 'MemcachePS.sln') -c $Configuration --no-build --nologo 2>&1 | ForEach-Object { $line = "$_"; $log.Add($line); Write-Host $line }
    $exitCode = $LASTEXITCODE
    $summaries = @($log | Where-Object { $_ -match '^\s*(Passed|Failed)!\s+-\s+Failed:\s*(\d+),\s*Passed:\s*(\d+),\s*Skipped:\s*(\d+)' } |
        ForEach-Object { [pscustomobject]@{ Failed = [int]$Matches[2]; Passed = [int]$Matches[3]; Skipped = [int]$Matches[4] } })
    if ($summaries.Count -eq 0) { throw 'dotnet test printed no test summary: no xunit test ran.' }
    $failed = ($summaries | Measure-Object Failed -Sum).Sum
    $passed = ($summaries | Measure-Object Passed -Sum).Sum
    $skipped = ($summaries | Measure-Object Skipped -Sum).Sum
    $line = "xunit: $passed passed, $failed failed, $skipped skipped ($($summaries.Count) test projects)"
    if ($exitCode -ne 0 -or $failed -gt 0) { Write-Host $line; throw "xunit tests failed (exit code $exitCode)." }
    if ($passed -eq 0) { throw 'xunit ran no tests.' }
    if ($skipped -gt 0) { Write-Host $line; throw 'xunit skipped tests: every suite runs in full.' }
    return $line
}

function Get-PesterManifest {
    # Pester 5.5 or later (before 6) if installed, else Pester 5.9.1 restored from NuGet into .tools/ (the package's
    # tools/ folder is the module). Returns the path of the Pester.psd1 to import.
    $installed = Get-Module Pester -ListAvailable |
        Where-Object { $_.Version -ge [version]'5.5' -and $_.Version -lt [version]'6.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }
    $packages = Join-Path $root '.tools/packages'
    $restored = Join-Path $packages 'pester/5.9.1/tools/Pester.psd1'
    if (-not (Test-Path $restored)) {
        Write-Host 'Pester 5.5 or later is not installed: restoring Pester 5.9.1 from NuGet into .tools/'
        Invoke-Native 'restoring Pester' { dotnet restore (Join-Path $root 'tools/Pester.proj') --packages $packages --nologo -v quiet }
        if (-not (Test-Path $restored)) { throw "Restoring Pester did not give $restored." }
    }
    return $restored
}

function Invoke-PesterTests {
    $pesterManifest = Get-PesterManifest
    $summaryFile = Join-Path ([System.IO.Path]::GetTempPath()) ("memcacheps-pester-" + [guid]::NewGuid().ToString('N') + '.json')
    # A fresh pwsh: the module's dlls load into the test process, never into the one that builds them.
    $pester = {
        param($pesterManifest, $testPath, $summaryFile, $configurationName)
        $env:MEMCACHEPS_TEST_CONFIGURATION = $configurationName
        Import-Module $pesterManifest
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $testPath
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $configuration
        [pscustomobject]@{
            Passed = $result.PassedCount; Failed = $result.FailedCount; Skipped = $result.SkippedCount
            NotRun = $result.NotRunCount; Version = (Get-Module Pester).Version.ToString(); Seconds = $result.Duration.TotalSeconds
        } | ConvertTo-Json | Set-Content -Path $summaryFile
        exit $result.FailedCount
    }
    try {
        & (Get-PwshPath) -NoProfile -NonInteractive -Command $pester -args $pesterManifest, (Join-Path $root 'tests/Pester'), $summaryFile, $Configuration
        $exitCode = $LASTEXITCODE
        if (-not (Test-Path $summaryFile)) { throw "Pester did not finish (exit code $exitCode)." }
        $summary = Get-Content $summaryFile -Raw | ConvertFrom-Json
    }
    finally {
        if (Test-Path $summaryFile) { Remove-Item $summaryFile -Force }
    }
    $line = "pester: $($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped, $($summary.NotRun) not run (Pester $($summary.Version), $([math]::Round($summary.Seconds, 1)) s)"
    if ($exitCode -ne 0 -or $summary.Failed -gt 0) { Write-Host $line; throw "Pester tests failed (exit code $exitCode)." }
    if ($summary.Passed -eq 0) { throw 'Pester ran no tests.' }
    if ($summary.Skipped -gt 0 -or $summary.NotRun -gt 0) { Write-Host $line; throw 'Pester skipped tests: every suite runs in full.' }
    return $line
}

function Invoke-CleanTask {
    foreach ($path in @((Join-Path $root 'out'), (Join-Path $root '.tools')) + (Get-ChildItem (Join-Path $root 'src'), (Join-Path $root 'tests'), (Join-Path $root 'bench'), (Join-Path $root 'tools') -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue).FullName) {
        if ($path -and (Test-Path $path)) { Remove-Item $path -Recurse -Force }
    }
    Write-Host 'Cleaned out/, .tools/, bin/ and obj/.'
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Package' { Invoke-PackageTask }
    'Demo' { Invoke-DemoTask }
    'Test' { Invoke-TestTask }
    'Pester' { Invoke-PesterTask }
    'Clean' { Invoke-CleanTask }
}
