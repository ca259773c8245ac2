#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:Cmdlets = (Import-PowerShellDataFile (Join-Path $root 'MemcachePS.psd1')).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
    $script:OutputTypes = @(
        'MemcachePS.MemcachedConnection', 'MemcachePS.MemcachedItem', 'MemcachePS.MemcachedKeyInfo', 'MemcachePS.MemcachedCounter',
        'MemcachePS.MemcachedConnectionTestResult', 'MemcachePS.Core.Stats.GeneralStats', 'MemcachePS.Core.Stats.SettingsStats',
        'MemcachePS.Core.Stats.ItemStats', 'MemcachePS.Core.Stats.SlabStats', 'MemcachePS.Core.Stats.SizeStats',
        'MemcachePS.Core.Stats.ConnectionStats'
    ) | ForEach-Object { @{ TypeName = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The module as build.ps1 lays it out: out/MemcachePS/<version>/.
    $script:ModulePath = Get-BuiltModulePath
    $script:Module = Import-Module $script:ModulePath -Force -PassThru
    $script:ManifestPath = Join-Path $script:Module.ModuleBase 'MemcachePS.psd1'
    $script:Common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name
}

Describe 'The module layout' {
    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop

        $manifest.Name | Should -Be 'MemcachePS'
        $manifest.RootModule | Should -Be 'MemcachePS.dll'
    }

    It 'declares Desktop and Core editions, PowerShell 5.1 and the PSData a gallery needs' {
        $data = Import-PowerShellDataFile $ManifestPath

        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PowerShellVersion | Should -Be '5.1'
        $data.FormatsToProcess | Should -Be @('MemcachePS.Format.ps1xml')
        $data.PrivateData.PSData.Tags | Should -Contain 'memcached'
        $data.PrivateData.PSData.LicenseUri | Should -Be 'https://opensource.org/license/mit'
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'names the MIT licence the repository''s LICENSE file grants, and who wrote the module' {
        $data = Import-PowerShellDataFile $ManifestPath
        $license = Get-Content (Join-Path $PSScriptRoot '../../LICENSE') -Raw

        $license | Should -Match '^MIT License'
        $license | Should -Match ([regex]::Escape("Copyright (c) 2026 $($data.Author)"))
        $data.CompanyName | Should -Not -BeNullOrEmpty
        # A manifest points only at pages that exist: the project has no public home yet.
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'ProjectUri'
        $data.Keys | Should -Not -Contain 'HelpInfoURI'
    }

    It 'exports exactly the cmdlets the manifest lists, and no functions, variables or aliases' {
        $data = Import-PowerShellDataFile $ManifestPath

        @($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
        $data.FunctionsToExport.Count + $data.VariablesToExport.Count + $data.AliasesToExport.Count | Should -Be 0
    }

    It 'ships MemcachePS.dll and MemcachePS.Core.dll and no copy of System.Management.Automation' {
        $dlls = (Get-ChildItem $Module.ModuleBase -Filter *.dll -Recurse).Name | Sort-Object

        $dlls | Should -Be @('MemcachePS.Core.dll', 'MemcachePS.dll')
    }

    It 'is laid out as out/MemcachePS/<version>/' {
        Split-Path $Module.ModuleBase -Leaf | Should -Be $Module.Version.ToString()
    }
}

Describe '<Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Command = Get-Command $Name -Module MemcachePS
        $script:Help = Get-Help $Name -Full
        $script:Parameters = $Command.Parameters.Values | Where-Object { $_.Name -notin $Common -or $_.Name -in 'WhatIf', 'Confirm' }
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $Command.Verb
    }

    It 'declares [OutputType]' {
        $Command.OutputType.Count | Should -BeGreaterThan 0
    }

    It 'has help with a synopsis and a description' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match "^\s*$Name\s*\["   # not the generated syntax stub
        ($Help.Description.Text -join ' ').Length | Should -BeGreaterThan 40
    }

    It 'has help for every parameter' {
        foreach ($parameter in $Parameters) {
            $documented = $Help.Parameters.Parameter | Where-Object Name -EQ $parameter.Name
            $documented | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) must be documented"
            ($documented.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }

    It 'has at least two examples with code and remarks' {
        $examples = @($Help.Examples.Example)

        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
    }

    It 'shows synopsis, description, parameters and examples in Get-Help -Full' {
        $text = Get-Help $Name -Full | Out-String -Width 200

        $text | Should -Match 'SYNOPSIS'
        $text | Should -Match 'DESCRIPTION'
        $text | Should -Match 'PARAMETERS'
        $text | Should -Match 'Example 2'
    }

    It 'supports ShouldProcess when it writes or deletes' {
        $metadata = [System.Management.Automation.CommandMetadata]::new($Command)
        $writes = $Name -in 'Set-MemcachedItem', 'Remove-MemcachedItem', 'Update-MemcachedItem', 'Step-MemcachedCounter', 'Clear-Memcached',
            'Reset-MemcachedStats', 'Copy-MemcachedItem', 'Import-MemcachedItem', 'Export-MemcachedItem' # Export writes a file

        $metadata.SupportsShouldProcess | Should -Be $writes
    }

    It 'takes -Connection unless it manages connections itself' {
        if ($Name -in 'Connect-Memcached', 'Get-MemcachedConnection') {
            $Command.Parameters.ContainsKey('Connection') | Should -BeFalse
        }
        else {
            $Command.Parameters.ContainsKey('Connection') | Should -BeTrue
        }
    }
}

Describe 'Parameter aliases' {
    It '-Ttl is -TimeToLive on <Name>' -ForEach @(@{ Name = 'Set-MemcachedItem' }, @{ Name = 'Step-MemcachedCounter' }, @{ Name = 'Update-MemcachedItem' }) {
        (Get-Command $Name).Parameters['TimeToLive'].Aliases | Should -Contain 'Ttl'
    }

    It 'a Ttl column of piped rows is the lifetime' {
        $connection = Connect-Memcached -InMemory -Name 'ttl-alias'
        try {
            [pscustomobject]@{ Key = 'ttl-row'; Value = 'v'; Ttl = 1 } | Set-MemcachedItem -Connection $connection
            [pscustomobject]@{ Key = 'no-ttl-row'; Value = 'v' } | Set-MemcachedItem -Connection $connection
            $listed = Get-MemcachedKey -Connection $connection | Sort-Object Key

            $listed[0].Key | Should -Be 'no-ttl-row'
            $listed[0].Expires | Should -BeNullOrEmpty
            $listed[1].Expires | Should -Not -BeNullOrEmpty
        }
        finally { Disconnect-Memcached -Connection $connection }
    }
}

Describe 'about_MemcachePS' {
    It 'is available through Get-Help' {
        $about = Get-Help about_MemcachePS | Out-String

        $about | Should -Match 'about_MemcachePS'
        $about | Should -Match 'ItemNotFound'
        $about | Should -Match 'Connect-Memcached'
    }

    It 'names every error id the module reports' {
        $about = Get-Help about_MemcachePS | Out-String -Width 200
        $catalog = [MemcachePS.MemcachedConnection].Assembly.GetType('MemcachePS.Errors.ErrorCatalog', $true)
        $ids = $catalog.GetFields([System.Reflection.BindingFlags]'Public, Static') | Where-Object IsLiteral | ForEach-Object { $_.GetValue($null) }

        $ids.Count | Should -BeGreaterThan 20
        foreach ($id in $ids) { $about | Should -Match "\b$id\b" -Because "the error table of about_MemcachePS must explain $id" }
    }
}

Describe 'Format views' {
    BeforeAll {
        [xml] $script:Formats = Get-Content (Join-Path $Module.ModuleBase 'MemcachePS.Format.ps1xml') -Raw
        $script:ViewTypes = $Formats.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
    }

    It 'has a view for <TypeName>' -ForEach $OutputTypes {
        $ViewTypes | Should -Contain $TypeName
    }

    It 'names only types that exist' {
        foreach ($typeName in $ViewTypes) {
            ($typeName -as [type]) | Should -Not -BeNullOrEmpty -Because "$typeName must be a real type"
        }
    }

    It 'renders the default table of MemcachedItem with every column' {
        Connect-Memcached -InMemory -Name 'format-test' | Out-Null
        Set-MemcachedItem -Key 'k' -Value @{ a = 1 }

        $text = Get-MemcachedItem -Key 'k' | Out-String -Width 120

        foreach ($column in 'Value', 'Flags', 'Size', 'TTL', 'Key') { $text | Should -Match $column }
        $text | Should -Match '@\{a=1\}'
        Disconnect-Memcached -Name 'format-test'
    }

    It '<Command> shows every column at 80 columns, and a long key whole at 160' -ForEach @(
        @{ Command = 'Get-MemcachedItem'; Labels = 'Value', 'Flags', 'Size', 'TTL', 'Key' }
        @{ Command = 'Get-MemcachedKey'; Labels = 'TTL', 'Size', 'Class', 'Server', 'Key' }
    ) {
        Connect-Memcached -InMemory -Name 'format-width' | Out-Null
        $long = 'session:user:' + ('0123456789abcdef' * 4) + ':profile'   # 90 characters
        Set-MemcachedItem -Key $long -Value @{ name = 'Ada' } -TimeToLive 3600
        Set-MemcachedItem -Key 'short' -Value 'v'
        $arguments = if ($Command -eq 'Get-MemcachedItem') { @{ Key = 'short', $long } } else { @{} }

        $narrow = (& $Command @arguments | Out-String -Width 80) -split '\r?\n'
        $wide = & $Command @arguments | Out-String -Width 160

        ($narrow | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $header = $narrow | Where-Object { $_ -match '\S' } | Select-Object -First 1
        foreach ($label in $Labels) { $header | Should -Match ([regex]::Escape($label)) }
        $wide | Should -Match ([regex]::Escape($long))
        Disconnect-Memcached -Name 'format-width'
    }
}
