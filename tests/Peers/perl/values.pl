#!/usr/bin/perl
# Write values with Perl's Cache::Memcached (libcache-memcached-perl) and Cache::Memcached::Fast
# (libcache-memcached-fast-perl), or read ours back and judge them, for the xunit interop tests
# (tests/Unit/Serialization/Interop/PerlInteropTests). Run by MemcachePS.TestServers.PerlPeer with Debian's /usr/bin/perl.
#
# Usage: values.pl write|read <port>, with a JSON list of cases on stdin.
#   write  each {"client", "key", "perl", "compress_threshold"}: stores eval(perl) under key with that client;
#          prints {"key", "result"}, result "STORED" or the complaint.
#   read   each {"client", "key", "expected", "mode", "id"}: gets key with that client and compares it with eval(expected)
#          by canon() below (containers by shape, undef, booleans, character strings by their characters and byte
#          strings by their bytes, numbers by their text); "fails": the get must die or return undef.
#          Prints {"key" (the id when given), "result"}, "PASS" or "FAIL: ...".
# Clients: cm (Cache::Memcached), fast (Cache::Memcached::Fast), fast-utf8 (Fast with utf8 => 1).
# Exit status 3 when a client is missing.
use strict;
use warnings;
use utf8;
use JSON::PP;
use Scalar::Util qw(reftype);
use Encode ();

BEGIN {
    for my $m (qw(Cache::Memcached Cache::Memcached::Fast)) {
        unless (eval "require $m; 1") {
            print "missing module: $m\n";
            exit 3;
        }
    }
}
no warnings 'experimental::builtin';

my ($command, $port) = @ARGV;
my $json = JSON::PP->new->utf8->canonical;
my $cases = $json->decode(do { local $/; <STDIN> });

sub client {
    my ($name, $threshold) = @_;
    my $server = "127.0.0.1:$port";
    if ($name eq 'cm') {
        return Cache::Memcached->new({ servers => [$server], ($threshold ? (compress_threshold => $threshold) : ()) });
    }
    return Cache::Memcached::Fast->new({ servers => [$server], ($threshold ? (compress_threshold => $threshold) : ()),
        ($name eq 'fast-utf8' ? (utf8 => 1) : ()) });
}

# A canonical text of a Perl value that shows what a Perl program can tell apart.
sub canon {
    my ($v) = @_;
    return 'undef' unless defined $v;
    if (my $type = reftype($v)) {
        return 'BLESSED(' . ref($v) . ')' if ref($v) ne 'ARRAY' && ref($v) ne 'HASH';
        return '[' . join(',', map { canon($_) } @$v) . ']' if $type eq 'ARRAY';
        return '{' . join(',', map { key($_) . '=>' . canon($v->{$_}) } sort keys %$v) . '}';
    }
    return 'bool:' . ($v ? 1 : 0) if builtin::is_bool($v);
    return key($v);
}

sub key {
    my ($s) = @_;
    return 'chars:' . join('.', map { sprintf '%x', ord } split //, $s) if utf8::is_utf8($s) && $s =~ /[^\x00-\x7f]/;
    my $copy = $s;
    utf8::downgrade($copy) if utf8::is_utf8($copy);
    return 'bytes:' . unpack('H*', $copy);
}

my %clients;
for my $c (@$cases) {
    my $name = $c->{client};
    my $client = $clients{$name . ($c->{compress_threshold} // '')} //= client($name, $c->{compress_threshold});
    my $result;
    if ($command eq 'write') {
        my $value = eval $c->{perl};
        die "bad case $c->{key}: $@" if $@;
        my $ok = eval { $client->set($c->{key}, $value) };
        $result = $@ ? "ERROR: $@" : $ok ? 'STORED' : 'NOT STORED';
    } else {
        my $expected = eval $c->{expected};
        die "bad case $c->{key}: $@" if $@;
        my $got = eval { $client->get($c->{key}) };
        my $error = $@;
        if (($c->{mode} // '') eq 'fails') {
            $result = ($error || !defined $got) ? 'PASS' : 'FAIL: expected an error, got ' . canon($got);
        } elsif ($error) {
            $result = "FAIL: $error";
        } else {
            my ($g, $e) = (canon($got), canon($expected));
            $result = $g eq $e ? 'PASS' : "FAIL: got $g, expected $e";
        }
    }
    print $json->encode({ key => $c->{id} // $c->{key}, result => substr($result, 0, 300) }), "\n";
}
