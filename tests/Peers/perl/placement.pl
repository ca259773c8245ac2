#!/usr/bin/perl
# Store keys through a real Perl memcached client, configured as a placement test says.
#
# The xunit placement tests (tests/Unit/Cluster) then ask every server which keys it holds and compare that with
# where our locators put them. Run by MemcachePS.TestServers.PerlPeer with Debian's /usr/bin/perl, which sees
# Debian's Cache::Memcached (libcache-memcached-perl) and Cache::Memcached::Fast (libcache-memcached-fast-perl).
#
# Input, a JSON object on stdin:
#   client   "Cache::Memcached" | "Cache::Memcached::Fast"
#   servers  [address, weight] pairs ("host:port" or a socket path), in this order
#   options  extra constructor options, e.g. {"ketama_points": 150} for Cache::Memcached::Fast
#   keys     the keys to store, each with the value "1"; passed to the client as UTF-8 bytes, as a Perl
#            application that reads keys from the network or a file has them
#
# Output: {"failed": <number of keys the client reported as not stored>} on stdout.
# Exit status 3 when the client's module is missing.
use strict;
use warnings;
use JSON::PP;

my $cfg = JSON::PP->new->utf8->decode(do { local $/; <STDIN> });
my $client = $cfg->{client};
die "unknown client $client\n" unless $client eq 'Cache::Memcached' || $client eq 'Cache::Memcached::Fast';
unless (eval "require $client; 1") {
    print "missing module: $client\n";
    exit 3;
}

my %options = %{ $cfg->{options} || {} };
my $memd = $client->new({
    %options,
    servers => [ map { [ $_->[0], $_->[1] ] } @{ $cfg->{servers} } ],
});

my $get = ($cfg->{mode} || 'set') eq 'get';
my $failed = 0;
for my $key (@{ $cfg->{keys} }) {
    my $bytes = $key;
    utf8::encode($bytes);
    if ($get) { $failed++ unless defined $memd->get($bytes); }
    else { $failed++ unless $memd->set($bytes, "1"); }
}
print JSON::PP->new->encode({ failed => $failed }), "\n";
