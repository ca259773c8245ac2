<#
.SYNOPSIS
    Builds MemcachePS and lays the module out as it ships; runs the xunit and Pester tests.

.DESCRIPTION
    Build: dotnet build of the solution, then out/MemcachePS/<version>/ with the manifest, MemcachePS.dll,
           MemcachePS.Core.dll, the format file and en-US help (importable with Import-Module ./out/MemcachePS).
    Test:  Build, then dotnet test (xunit) and Pester 5 on tests/Pester in a fresh pwsh.
    Pester: Build, then Pester only (for CI, which runs xunit itself: .ci/run).
    Clean: removes out/ and the projects' bin/ and obj/ folders.

.EXAMPLE
    ./build.ps1
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
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

function Invoke-TestTask {
    Invoke-BuildTask
    Invoke-Native 'dotnet test' { dotnet test (Join-Path $root 'tests/Unit/MemcachePS.Tests.Unit.csproj') -c $Configuration --nologo }
    Invoke-PesterTests
}

function Invoke-PesterTask {
    Invoke-BuildTask
    Invoke-PesterTests
}

function Invoke-PesterTests {
    # A fresh pwsh: the module's dlls load into the test process, never into the one that builds them.
    $pester = {
        param($testPath)
        Import-Module Pester -MinimumVersion 5.0
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $testPath
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $configuration
        exit $result.FailedCount
    }
    Invoke-Native 'Pester' { pwsh -NoProfile -NonInteractive -Command $pester -args (Join-Path $root 'tests/Pester') }
}

function Invoke-CleanTask {
    foreach ($path in @(Join-Path $root 'out') + (Get-ChildItem (Join-Path $root 'src'), (Join-Path $root 'tests'), (Join-Path $root 'bench') -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue).FullName) {
        if ($path -and (Test-Path $path)) { Remove-Item $path -Recurse -Force }
    }
    Write-Host 'Cleaned out/, bin/ and obj/.'
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Pester' { Invoke-PesterTask }
    'Clean' { Invoke-CleanTask }
}
