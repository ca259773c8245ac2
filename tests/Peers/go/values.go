// Write items with Go's gomemcache (Debian's golang-github-bradfitz-gomemcache-dev), or read ours back and judge them,
// for the xunit interop tests (tests/Unit/Serialization/Interop/GoMemcacheInteropTests). Built and run by
// MemcachePS.TestServers.GoPeer.
//
// Input, a JSON object on stdin: {"command": "write"|"read", "port": N, "cases": [...]}, each case
// {"key", "value" (hex of the bytes), "flags", "id"}.
//   write  Set(&Item{Key, Value, Flags}); prints {"key", "result"}: "STORED" or the error.
//   read   Get(key) must give exactly those bytes and flags; prints {"key" (the id when given), "result"}: "PASS" or "FAIL: ...".
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/bradfitz/gomemcache/memcache"
)

type valueCase struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Flags uint32 `json:"flags"`
	ID    string `json:"id"`
}

type input struct {
	Command string      `json:"command"`
	Port    int         `json:"port"`
	Cases   []valueCase `json:"cases"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	client := memcache.New(fmt.Sprintf("127.0.0.1:%d", in.Port))
	out := json.NewEncoder(os.Stdout)
	for _, c := range in.Cases {
		value, err := hex.DecodeString(c.Value)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		id := c.Key
		if c.ID != "" {
			id = c.ID
		}
		var result string
		if in.Command == "write" {
			if err := client.Set(&memcache.Item{Key: c.Key, Value: value, Flags: c.Flags}); err != nil {
				result = "ERROR: " + err.Error()
			} else {
				result = "STORED"
			}
		} else {
			item, err := client.Get(c.Key)
			switch {
			case err != nil:
				result = "FAIL: " + err.Error()
			case !bytes.Equal(item.Value, value) || item.Flags != c.Flags:
				result = fmt.Sprintf("FAIL: got %x flags %d, expected %x flags %d", item.Value, item.Flags, value, c.Flags)
			default:
				result = "PASS"
			}
		}
		out.Encode(map[string]string{"key": id, "result": result})
	}
}
