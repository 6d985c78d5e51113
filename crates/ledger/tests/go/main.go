// Command interop checks a log with Go's reference packages, golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog. It is built by checker.rs, in two modes:
//
//	interop <cases.json>
//	    the files the Rust ledger crate wrote (crates/ledger/tests/go_interop.rs): checkpoint,
//	    proofs, and the tiles and entry bundles in a directory;
//	interop -http <base URL> -old <checkpoint file>
//	    a running SatuPintu over HTTP (crates/satupintu/tests/it/ledger_go.rs): /ledger/vkey,
//	    /ledger/checkpoint, the tiles and bundles under /ledger/tile/, the consistency of an older
//	    checkpoint with the current one, and the proofs of the JSON API.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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

// source reads the files of a C2SP tlog-tiles log by their path below the log's prefix
// ("checkpoint", "tile/0/x001/234", "tile/entries/000.p/5"): from a directory or over HTTP.
type source interface {
	read(path string) ([]byte, error)
}

type dirSource string

func (d dirSource) read(path string) ([]byte, error) {
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(path)))
}

// httpSource is a log served at <base>/ledger/.
type httpSource struct {
	base   string
	client *http.Client
}

func (h httpSource) get(path string) ([]byte, error) {
	resp, err := h.client.Get(h.base + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return body, nil
}

func (h httpSource) read(path string) ([]byte, error) {
	return h.get("/ledger/" + path)
}

// tileReader reads C2SP tlog-tiles, whose paths are Go's tile paths without the height.
type tileReader struct{ src source }

func (r tileReader) Height() int { return 8 }

func tilePath(t tlog.Tile) string {
	return strings.Replace(t.Path(), "tile/8/", "tile/", 1)
}

func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := r.src.read(tilePath(t))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

// openCheckpoint verifies the note with the vkey and parses the three body lines.
func openCheckpoint(msg, vkey string) (origin string, tree tlog.Tree, err error) {
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
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

// checkTiles authenticates the tree's tiles against its hash, reads every entry bundle and
// checks each entry against its leaf hash in the tiles. It returns the entries.
func checkTiles(tree tlog.Tree, src source) (tlog.HashReader, [][]byte) {
	reader := tlog.TileHashReader(tree, tileReader{src})
	if th, err := tlog.TreeHash(tree.N, reader); err != nil || th != tree.Hash {
		fail("tree hash from tiles: %v (%v, want %v)", err, th, tree.Hash)
	}
	var entries [][]byte
	for n := int64(0); n*256 < tree.N; n++ {
		w := tree.N - n*256
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: 0, N: n, W: int(w)}
		path := strings.Replace(t.Path(), "tile/8/0/", "tile/entries/", 1)
		bundle, err := src.read(path)
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
			entries = append(entries, entry)
		}
		if len(bundle) != 0 {
			fail("entry bundle %s has %d trailing bytes", path, len(bundle))
		}
	}
	if int64(len(entries)) != tree.N {
		fail("bundles hold %d entries, the checkpoint says %d", len(entries), tree.N)
	}
	return reader, entries
}

func main() {
	base := flag.String("http", "", "check the log a SatuPintu server at this base URL serves")
	oldFile := flag.String("old", "", "with -http: a file holding an older checkpoint of the same log")
	flag.Parse()
	switch {
	case *base != "" && *oldFile != "" && flag.NArg() == 0:
		checkServer(strings.TrimRight(*base, "/"), *oldFile)
	case *base == "" && flag.NArg() == 1:
		checkFiles(flag.Arg(0))
	default:
		fmt.Println("usage: interop <cases.json> | interop -http <base URL> -old <checkpoint file>")
		os.Exit(2)
	}
	if failures > 0 {
		os.Exit(1)
	}
}

func checkFiles(casesPath string) {
	raw, err := os.ReadFile(casesPath)
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
	reader, entries := checkTiles(tree, dirSource(c.TilesDir))
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
	if failures == 0 {
		fmt.Printf("ok: %s size %d, %d proofs verified, %d entries checked against the tiles\n", origin, tree.N, valid, len(entries))
	}
}

// apiProof is the part of the platform's JSON answers this checker reads.
type apiProof struct {
	TreeSize       *int64      `json:"tree_size"`
	InclusionProof []tlog.Hash `json:"inclusion_proof"`
	Proof          []tlog.Hash `json:"proof"`
}

func (h httpSource) getJSON(path string) (apiProof, error) {
	var p apiProof
	body, err := h.get(path)
	if err == nil {
		err = json.Unmarshal(body, &p)
	}
	return p, err
}

func checkServer(base, oldFile string) {
	src := httpSource{base: base, client: &http.Client{Timeout: 30 * time.Second}}
	vkey, err := src.read("vkey")
	if err != nil {
		fail("vkey: %v", err)
		return
	}
	msg, err := src.read("checkpoint")
	if err != nil {
		fail("checkpoint: %v", err)
		return
	}
	origin, tree, err := openCheckpoint(string(msg), string(vkey))
	if err != nil {
		fail("the served checkpoint does not open with the served key: %v", err)
		return
	}
	oldMsg, err := os.ReadFile(oldFile)
	if err != nil {
		fail("old checkpoint: %v", err)
		return
	}
	_, old, err := openCheckpoint(string(oldMsg), string(vkey))
	if err != nil {
		fail("the older checkpoint does not open with the served key: %v", err)
		return
	}
	if _, _, err := openCheckpoint(strings.Replace(string(msg), "\n"+strconv.FormatInt(tree.N, 10)+"\n", "\n"+strconv.FormatInt(tree.N+1, 10)+"\n", 1), string(vkey)); err == nil {
		fail("a tampered checkpoint was accepted")
	}

	reader, entries := checkTiles(tree, src)

	// Consistency: Go's proof from the tiles, and the server's, both lead from old to new.
	proof, err := tlog.ProveTree(tree.N, old.N, reader)
	if err != nil {
		fail("consistency %d -> %d from the tiles: %v", old.N, tree.N, err)
	} else if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		fail("the log of size %d is not an extension of the older checkpoint of size %d: %v", tree.N, old.N, err)
	}
	served, err := src.getJSON(fmt.Sprintf("/api/v1/ledger/consistency?from=%d&to=%d", old.N, tree.N))
	if err != nil {
		fail("consistency API: %v", err)
	} else if err := tlog.CheckTree(served.Proof, tree.N, tree.Hash, old.N, old.Hash); err != nil || !sameHashes(served.Proof, proof) {
		fail("the server's consistency proof %d -> %d does not check or differs from Go's: %v", old.N, tree.N, err)
	}

	// Inclusion of entries read from the bundles: Go's proofs from the tiles, and the API's.
	proofs := 0
	for i := int64(0); i < int64(len(entries)); i++ {
		if i%37 != 0 && i != int64(len(entries))-1 {
			continue
		}
		proof, err := tlog.ProveRecord(tree.N, i, reader)
		if err == nil {
			err = tlog.CheckRecord(proof, tree.N, tree.Hash, i, tlog.RecordHash(entries[i]))
		}
		if err != nil {
			fail("inclusion of entry %d: %v", i, err)
			continue
		}
		api, err := src.getJSON(fmt.Sprintf("/api/v1/ledger/entries/%d", i))
		switch {
		case err != nil:
			fail("entry API %d: %v", i, err)
		case api.TreeSize == nil || *api.TreeSize != tree.N:
			fail("entry API %d answers for another tree size than %d", i, tree.N)
		case !sameHashes(api.InclusionProof, proof):
			fail("the server's inclusion proof of %d differs from Go's", i)
		default:
			proofs++
		}
	}
	if failures == 0 {
		fmt.Printf("ok: %s size %d over HTTP, consistent with size %d, %d entries checked against the tiles, %d inclusion proofs\n",
			origin, tree.N, old.N, len(entries), proofs)
	}
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
