// Command interop checks what the Rust ledger crate wrote with Go's reference packages,
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog. It is built and run by
// crates/ledger/tests/go_interop.rs: go run . <cases.json>
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusionCase struct {
	Index int64       `json:"index"`
	Size  int64       `json:"size"`
	Entry []byte      `json:"entry"`
	Root  tlog.Hash   `json:"root"`
	Proof []tlog.Hash `json:"proof"`
	Valid bool        `json:"valid"`
}

type consistencyCase struct {
	Old     int64       `json:"old"`
	New     int64       `json:"new"`
	OldRoot tlog.Hash   `json:"old_root"`
	NewRoot tlog.Hash   `json:"new_root"`
	Proof   []tlog.Hash `json:"proof"`
	Valid   bool        `json:"valid"`
}

type cases struct {
	Vkey          string            `json:"vkey"`
	Checkpoint    string            `json:"checkpoint"`
	BadCheckpoint string            `json:"bad_checkpoint"`
	TilesDir      string            `json:"tiles_dir"`
	Inclusion     []inclusionCase   `json:"inclusion"`
	Consistency   []consistencyCase `json:"consistency"`
}

var failures int

func fail(format string, args ...any) {
	failures++
	fmt.Printf("FAIL: "+format+"\n", args...)
}

// tileDir reads C2SP tlog-tiles files, whose paths are Go's tile paths without the height.
type tileDir string

func (d tileDir) Height() int { return 8 }

func (d tileDir) path(t tlog.Tile) string {
	return filepath.Join(string(d), strings.Replace(t.Path(), "tile/8/", "tile/", 1))
}

func (d tileDir) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(d.path(t))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d tileDir) SaveTiles([]tlog.Tile, [][]byte) {}

// openCheckpoint verifies the note with the vkey and parses the three body lines.
func openCheckpoint(msg, vkey string) (origin string, tree tlog.Tree, err error) {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return "", tree, fmt.Errorf("vkey: %v", err)
	}
	n, err := note.Open([]byte(msg), note.VerifierList(verifier))
	if err != nil {
		return "", tree, err
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return "", tree, fmt.Errorf("checkpoint body has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || strconv.FormatInt(size, 10) != lines[1] {
		return "", tree, fmt.Errorf("bad size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return "", tree, fmt.Errorf("bad root %q", lines[2])
	}
	if lines[0] != verifier.Name() {
		return "", tree, fmt.Errorf("origin %q is not the key name %q", lines[0], verifier.Name())
	}
	return lines[0], tlog.Tree{N: size, Hash: root}, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Println("usage: interop <cases.json>")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Println(err)
		os.Exit(2)
	}
	var c cases
	if err := json.Unmarshal(raw, &c); err != nil {
		fmt.Println("cases:", err)
		os.Exit(2)
	}

	origin, tree, err := openCheckpoint(c.Checkpoint, c.Vkey)
	if err != nil {
		fail("checkpoint: %v", err)
		os.Exit(1)
	}
	if _, _, err := openCheckpoint(c.BadCheckpoint, c.Vkey); err == nil {
		fail("a tampered checkpoint was accepted")
	}

	valid := 0
	for _, k := range c.Inclusion {
		err := tlog.CheckRecord(k.Proof, k.Size, k.Root, k.Index, tlog.RecordHash(k.Entry))
		switch {
		case k.Valid && err != nil:
			fail("inclusion of %d in %d: %v", k.Index, k.Size, err)
		case !k.Valid && err == nil:
			fail("corrupted inclusion proof of %d in %d was accepted", k.Index, k.Size)
		case k.Valid:
			valid++
		}
	}
	for _, k := range c.Consistency {
		err := tlog.CheckTree(k.Proof, k.New, k.NewRoot, k.Old, k.OldRoot)
		switch {
		case k.Valid && err != nil:
			fail("consistency %d -> %d: %v", k.Old, k.New, err)
		case !k.Valid && err == nil:
			fail("corrupted consistency proof %d -> %d was accepted", k.Old, k.New)
		case k.Valid:
			valid++
		}
	}

	// The tiles: TileHashReader authenticates every tile it reads against the tree hash.
	reader := tlog.TileHashReader(tree, tileDir(c.TilesDir))
	if th, err := tlog.TreeHash(tree.N, reader); err != nil || th != tree.Hash {
		fail("tree hash from tiles: %v (%v, want %v)", err, th, tree.Hash)
	}
	entries := int64(0)
	for n := int64(0); n*256 < tree.N; n++ {
		w := tree.N - n*256
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: 0, N: n, W: int(w)}
		path := filepath.Join(c.TilesDir, strings.Replace(t.Path(), "tile/8/0/", "tile/entries/", 1))
		bundle, err := os.ReadFile(path)
		if err != nil {
			fail("entry bundle: %v", err)
			break
		}
		for i := int64(0); i < w; i++ {
			if len(bundle) < 2 || len(bundle) < 2+int(binary.BigEndian.Uint16(bundle)) {
				fail("entry bundle %s is truncated", path)
				break
			}
			size := int(binary.BigEndian.Uint16(bundle))
			entry := bundle[2 : 2+size]
			bundle = bundle[2+size:]
			index := n*256 + i
			hashes, err := reader.ReadHashes([]int64{tlog.StoredHashIndex(0, index)})
			if err != nil || hashes[0] != tlog.RecordHash(entry) {
				fail("entry %d does not match its leaf hash in the tiles: %v", index, err)
			}
			entries++
		}
		if len(bundle) != 0 {
			fail("entry bundle %s has %d trailing bytes", path, len(bundle))
		}
	}
	if entries != tree.N {
		fail("bundles hold %d entries, the checkpoint says %d", entries, tree.N)
	}
	// Proofs Go computes from the tiles are the ones Rust served.
	for _, k := range c.Inclusion {
		if !k.Valid || k.Size != tree.N {
			continue
		}
		proof, err := tlog.ProveRecord(tree.N, k.Index, reader)
		if err != nil || !sameHashes(proof, k.Proof) {
			fail("Go's proof of %d from the tiles differs: %v", k.Index, err)
		}
	}

	if failures > 0 {
		os.Exit(1)
	}
	fmt.Printf("ok: %s size %d, %d proofs verified, %d entries checked against the tiles\n", origin, tree.N, valid, entries)
}

func sameHashes(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i][:], b[i][:]) {
			return false
		}
	}
	return true
}
