#!/usr/bin/ruby
# frozen_string_literal: false
# Write values with Ruby's dalli (Debian's ruby-dalli), or read ours back and judge them, for the xunit interop tests
# (tests/Unit/Serialization/Interop/DalliInteropTests). Run by MemcachePS.TestServers.RubyPeer with Debian's /usr/bin/ruby.
#
# Usage: values.rb write|read <port>, with a JSON list of cases on stdin.
#   write  each {"key", "ruby", "options"}: stores eval(ruby) under key with Dalli::Client#set(key, value, 0, options)
#          (options e.g. {"raw": true}); prints {"key", "result"} per case, result "STORED" or the complaint.
#   read   each {"key", "expected", "mode", "id"}: gets key with dalli and judges it in Ruby: "exact" passes when
#          Marshal.dump(got) == Marshal.dump(eval(expected)) (same classes, string encodings, symbols, float text, order);
#          "fails" passes when the get raises. Prints {"key" (the id when given), "result"}, result "PASS" or "FAIL: ...".
# Exit status 3 when dalli is missing.
require 'json'
require 'logger'

begin
  require 'dalli'
rescue LoadError => e
  puts "missing module: dalli (#{e.message})"
  exit 3
end

Dalli.logger = Logger.new($stderr, level: Logger::ERROR)

command = ARGV[0]
port = Integer(ARGV[1])
client = Dalli::Client.new("127.0.0.1:#{port}")
JSON.parse($stdin.read).each do |c|
  key = c['key']
  if command == 'write'
    begin
      value = eval(c['ruby']) # rubocop:disable Security/Eval
      options = (c['options'] || {}).transform_keys(&:to_sym)
      stored = client.set(key, value, 0, options)
      result = stored ? 'STORED' : "NOT STORED: #{stored.inspect}"
    rescue StandardError => e
      result = "#{e.class}: #{e.message}"
    end
  else
    expected = eval(c['expected']) # rubocop:disable Security/Eval
    begin
      got = client.get(key)
      error = nil
    rescue StandardError => e
      got = nil
      error = e
    end
    result =
      if c['mode'] == 'fails'
        error ? 'PASS' : "FAIL: expected an error, got #{got.inspect}"
      elsif error
        "FAIL: #{error.class}: #{error.message}"
      elsif Marshal.dump(got) == Marshal.dump(expected)
        'PASS'
      else
        "FAIL: got #{got.inspect} (#{got.class}#{got.is_a?(String) ? ', ' + got.encoding.to_s : ''})"
      end
  end
  puts JSON.generate({ key: c['id'] || key, result: result[0, 300] })
end
client.close
