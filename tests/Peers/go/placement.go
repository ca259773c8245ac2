// Store keys through the real Go client, github.com/bradfitz/gomemcache (Debian's
// golang-github-bradfitz-gomemcache-dev), configured as a placement test says.
//
// The xunit placement tests (tests/Unit/Cluster) then ask every server which keys it holds and compare that with
// where our locators put them. MemcachePS.TestServers.GoPeer builds this file offline against Debian's source
// (GO111MODULE=off, GOPATH=/usr/share/gocode) and runs the program.
//
// Input, a JSON object on stdin:
//
//	servers  addresses as memcache.New takes them ("host:port", "[v6]:port" or a socket path), in this order
//	keys     the keys to store, each with the value "1"
//	mode     "set" (the default) stores the keys; "get" reads them instead (written by someone else)
//
// Output: {"failed": <keys not stored, or, for "get", not found>, "malformed": <of those, the keys the client
// refused as malformed>}.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/bradfitz/gomemcache/memcache"
)

type config struct {
	Servers []string `json:"servers"`
	Keys    []string `json:"keys"`
	Mode    string   `json:"mode"`
}

func main() {
	var cfg config
	if err := json.NewDecoder(os.Stdin).Decode(&cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(1)
	}
	client := memcache.New(cfg.Servers...)
	failed, malformed := 0, 0
	for _, key := range cfg.Keys {
		var err error
		if cfg.Mode == "get" {
			_, err = client.Get(key)
		} else {
			err = client.Set(&memcache.Item{Key: key, Value: []byte("1")})
		}
		if err != nil {
			failed++
			if err == memcache.ErrMalformedKey {
				malformed++
			}
		}
	}
	out, _ := json.Marshal(map[string]int{"failed": failed, "malformed": malformed})
	fmt.Println(string(out))
}
