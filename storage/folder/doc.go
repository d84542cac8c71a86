// Package folder is the embedded default storage.Blobs: uploaded files kept
// as plain files under one local directory, for a single talaan process (or
// several on one host sharing the directory).
//
// It needs a directory on a local filesystem that supports atomic rename and
// fsync (not a network share with weaker semantics); the process must own
// it. Layout: a blob with key "t/<tenant>/f-<hex>" lives at
// dir/t/<tenant>/f-<hex>; dir/.tmp holds the files of Puts in progress.
//
// Guarantees:
//   - Put is atomic and durable: the data is written to a temp file in
//     dir/.tmp, fsynced, renamed into place and the parent directory is
//     fsynced, so a reader sees the whole file or nothing, even after a crash.
//   - A failed or cancelled Put (including an error returned by its reader)
//     removes its temp file and leaves nothing behind; a crash mid-Put leaves
//     a temp file that New removes once it is an hour old, and that
//     CleanTemp (the worker's orphan sweep) removes once it is older than
//     the upload timeout. ListBlobs walks the blobs for the same sweep.
//   - Keys are validated (letters, digits, '.', '_', '-', '/'; no empty, "."
//     or ".." segments; no leading '/'; at most 512 bytes) and every access
//     goes through an os.Root, so a key never resolves outside dir, not even
//     through a symbolic link.
//   - Files are created 0600 and directories 0700.
//
// A Store is safe for concurrent use.
package folder
