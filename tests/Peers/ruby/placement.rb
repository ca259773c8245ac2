#!/usr/bin/ruby
# frozen_string_literal: true
# Store keys through the real Ruby client, dalli (Debian's ruby-dalli), configured as a placement test says.
#
# The xunit placement tests (tests/Unit/Cluster) then ask every server which keys it holds and compare that with
# where our locators put them. Run by MemcachePS.TestServers.RubyPeer with Debian's /usr/bin/ruby, which sees
# Debian's dalli.
#
# Input, a JSON object on stdin:
#   servers  server strings as Dalli::Client.new takes them ("host:port:weight", "[v6]:port:weight",
#            "/socket/path:weight"), in this order
#   options  extra Dalli::Client options, e.g. {"namespace": "app"}
#   keys     the keys to store, each with the raw value "1" (UTF-8 strings, as JSON gives them)
#   mode     "set" (the default) stores the keys; "get" reads them instead (written by someone else)
#
# Output: {"failed": <keys not stored, or, for "get", not found>} on stdout.
# Exit status 3 when dalli is missing.
require 'json'
require 'logger'

begin
  require 'dalli'
rescue LoadError => e
  puts "missing module: dalli (#{e.message})"
  exit 3
end

Dalli.logger = Logger.new($stderr, level: Logger::WARN)

cfg = JSON.parse($stdin.read)
options = (cfg['options'] || {}).transform_keys(&:to_sym)
client = Dalli::Client.new(cfg['servers'], options)
get = cfg['mode'] == 'get'
failed = 0
cfg['keys'].each do |key|
  begin
    if get
      failed += 1 if client.get(key).nil?
    else
      failed += 1 unless client.set(key, '1', 0, raw: true)
    end
  rescue Dalli::DalliError => e
    warn "#{key.inspect}: #{e.class}: #{e.message}"
    failed += 1
  end
end
client.close
puts JSON.generate({ failed: failed })
