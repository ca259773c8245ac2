#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# The install path a user takes: the package build.ps1 -Task Package wrote (out/MemcachePS.<version>.nupkg) is
# served by a local PSResource repository, installed with Install-PSResource into a throwaway home, and imported by
# name in a fresh pwsh that then talks to a real memcached.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Manifest = Import-PowerShellDataFile (Join-Path $root 'MemcachePS.psd1')
    $script:Package = Join-Path $root "out/MemcachePS.$($Manifest.ModuleVersion).nupkg"
    if (-not (Test-Path $Package)) { throw "There is no package to install: run ./build.ps1 -Task Package (it writes $Package)." }

    # Everything the child pwsh processes keep per user (module path, PSResource repositories, caches) goes under a
    # throwaway home, so the test neither sees nor changes the user's own modules and repositories.
    $script:ThrowawayHome = Join-Path ([System.IO.Path]::GetTempPath()) ('memcacheps-install-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:Repository = Join-Path $ThrowawayHome 'repository'
    New-Item -ItemType Directory -Path $Repository -Force | Out-Null
    Copy-Item $Package $Repository

    function Invoke-IsolatedPwsh {
        <# Runs pwsh with the throwaway home; returns its exit code and output, killing it by its id after 120 s. #>
        param([Parameter(Mandatory)][string] $HomePath, [string[]] $Arguments)
        $info = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })))
        foreach ($argument in @('-NoProfile', '-NonInteractive') + $Arguments) { $info.ArgumentList.Add($argument) }
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.Environment['HOME'] = $HomePath
        $info.Environment['USERPROFILE'] = $HomePath
        # pwsh reads its user module path from XDG_DATA_HOME when set, but Install-PSResource (PSResourceGet 1.2.1)
        # always installs under HOME/.local/share: with the XDG folders unset both use HOME.
        foreach ($xdg in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { $info.Environment.Remove($xdg) | Out-Null }
        # No inherited module path: the child builds its own from the throwaway home, so only installed modules load.
        $info.Environment.Remove('PSModulePath') | Out-Null
        $info.WorkingDirectory = $HomePath
        $process = [System.Diagnostics.Process]::Start($info)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) {
            $process.Kill($true)
            throw "pwsh $Arguments did not finish within 120 s."
        }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
    }

    $script:Server = Start-TestMemcached
}

AfterAll {
    Stop-TestMemcached $script:Server
    if ($script:ThrowawayHome -and (Test-Path $ThrowawayHome)) { Remove-Item $ThrowawayHome -Recurse -Force }
}

Describe 'The package build.ps1 -Task Package writes' {
    It 'holds exactly the two assemblies, the manifest, the formats and the help (plus the package''s own metadata)' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }

        $payload = $entries | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|MemcachePS\.nuspec$)' } | Sort-Object
        $payload | Should -Be @('en-US/about_MemcachePS.help.txt', 'en-US/MemcachePS.dll-Help.xml', 'MemcachePS.Core.dll', 'MemcachePS.dll', 'MemcachePS.Format.ps1xml', 'MemcachePS.psd1')
    }

    It 'carries the manifest''s version, author and licence in its nuspec' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('MemcachePS.nuspec').Open())
            try { [xml] $nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }

        $nuspec.package.metadata.id | Should -Be 'MemcachePS'
        $nuspec.package.metadata.version | Should -Be $Manifest.ModuleVersion
        $nuspec.package.metadata.authors | Should -Be $Manifest.Author
        $nuspec.package.metadata.licenseUrl | Should -Be $Manifest.PrivateData.PSData.LicenseUri
    }
}

Describe 'Install-PSResource from a local repository, then Import-Module by name' {
    BeforeAll {
        $install = {
            param($repository)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name MemcachePSLocal -Uri $repository -Trusted
            Install-PSResource -Name MemcachePS -Repository MemcachePSLocal -Scope CurrentUser -TrustRepository -Quiet
            Get-InstalledPSResource -Name MemcachePS | ForEach-Object { "$($_.Name) $($_.Version) $($_.InstalledLocation)" }
        }
        $script:Installed = Invoke-IsolatedPwsh -HomePath $ThrowawayHome -Arguments '-Command', "& { $install } '$Repository'"
        $script:Smoke = Invoke-IsolatedPwsh -HomePath $ThrowawayHome -Arguments '-File', (Join-Path $PSScriptRoot 'PackageSmoke.ps1'), '-Server', $Server.Address
    }

    It 'installs the package''s version into the throwaway home' {
        $Installed.Errors | Should -BeNullOrEmpty
        $Installed.ExitCode | Should -Be 0
        $Installed.Output | Should -Match "^MemcachePS $([regex]::Escape($Manifest.ModuleVersion)) $([regex]::Escape($ThrowawayHome))"
    }

    It 'imports by name from the installed copy in a fresh pwsh' {
        $Smoke.Errors | Should -BeNullOrEmpty
        $Smoke.ExitCode | Should -Be 0
        $result = $Smoke.Output | ConvertFrom-Json

        $result.ModuleBase | Should -BeLike "$ThrowawayHome*"
        $result.Version | Should -Be $Manifest.ModuleVersion
        $result.Cmdlets | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'connects, writes, reads back the same text and shows the stats of the server it wrote to' {
        $result = $Smoke.Output | ConvertFrom-Json

        $result.Read | Should -BeExactly $result.Written
        $result.Flags | Should -Be 16
        $result.StatsServer | Should -Be $Server.Address
        $result.ServerPid | Should -Be $Server.ProcessId
        $result.CmdSet | Should -BeGreaterOrEqual 1
    }
}
