// Package s3 is the storage.Blobs of talaan's scale-out mode: uploaded files
// kept as objects in one S3 bucket (AWS, or an S3-compatible server such as
// MinIO), shared by every talaan process. It also implements
// storage.Presigner, so file links point straight at S3.
//
// # Configuration
//
// Open takes a URL (TALAAN_BLOB_URL):
//
//	s3://BUCKET?endpoint=http://127.0.0.1:9000&region=us-east-1&prefix=talaan/&sse=AES256
//
// Its parts:
//
//   - BUCKET: the bucket, which must exist; talaan never creates it.
//   - endpoint (optional): an S3-compatible server's base URL (http or
//     https, no path). When given, requests use path-style addressing
//     (http://host/BUCKET/key); without it they go to AWS.
//   - region (optional): the bucket's region; by default the standard AWS
//     configuration's (AWS_REGION, the shared config file), else us-east-1.
//   - prefix (optional): prepended to every key, so one bucket can hold
//     several deployments or other data; a trailing '/' is added when
//     missing.
//   - sse (optional): server-side encryption asked for on every upload:
//     AES256 (SSE-S3) or aws:kms (SSE-KMS), with kms_key_id (optional)
//     naming the KMS key; without kms_key_id S3 uses the account's default
//     aws/s3 key. Encryption that the bucket's default configuration already
//     applies needs no sse here. MinIO accepts either only when it has a KMS
//     configured (MINIO_KMS_SECRET_KEY, KES, ...); without one it answers
//     NotImplemented, which Open reports.
//
// Anything else in the URL (credentials, a path, an unknown parameter) is
// an error, so a typo does not go unnoticed.
//
// Credentials come from the standard AWS chain (config.LoadDefaultConfig):
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), the
// shared credentials and config files (AWS_PROFILE), web identity, container
// and EC2 instance roles. They never go in the URL. Open checks that some
// credentials are found and writes, reads and deletes a probe object under
// PREFIX.talaan-check/ (Check), so a missing bucket, a missing permission or
// encryption the server refuses fail at start-up rather than at the first
// upload.
//
// # Permissions
//
// On the bucket (arn:aws:s3:::BUCKET): s3:ListBucket (without it S3 answers
// 403 instead of 404 for a missing object, and Open could not tell "not
// found" from "forbidden"), s3:GetLifecycleConfiguration and
// s3:PutLifecycleConfiguration (only when retention is set; see below). On
// the objects (arn:aws:s3:::BUCKET/PREFIX*): s3:PutObject, s3:GetObject,
// s3:DeleteObject and s3:AbortMultipartUpload. With sse=aws:kms and a
// customer-managed key, the key's policy must also allow kms:GenerateDataKey
// and kms:Decrypt.
//
// # Guarantees
//
//   - Put streams: bodies under 5 MiB go up in one PutObject; larger ones in
//     a multipart upload of 5 MiB parts, so a Put holds one 5 MiB buffer
//     (reused across Puts) whatever the file's size. S3 makes the object
//     visible only when the upload completes, so a reader sees the whole
//     file or nothing. On any error (the reader's, a cancelled context, S3's)
//     the multipart upload is aborted, with a fresh context, so no parts are
//     left; a process that dies mid-upload leaves parts that the lifecycle
//     rule aborts after a day.
//   - Keys are validated like the folder store's (letters, digits, '.', '_',
//     '-', '/'; no empty, "." or ".." segments; no leading '/'; at most 512
//     bytes) before the prefix is prepended.
//   - Open streams the object's body; the read is bound to Open's context.
//   - PresignGet signs a GET (SigV4, at most 7 days) that expires no later
//     than asked, and that makes S3 answer with the file's Content-Type and
//     an inline Content-Disposition naming the file. Links signed with
//     temporary credentials (an instance or container role) stop working
//     when those credentials expire, possibly earlier.
//
// # Retention
//
// With a retention, Open calls EnsureLifecycle: the bucket gets one
// lifecycle rule for the prefix (ID "talaan-retention", or
// "talaan-retention:PREFIX" when there is a prefix, so deployments sharing a
// bucket keep their own rules) that expires objects ceil(retention in days)
// days after upload (S3 counts whole days, so a file may outlive its
// retention by up to a day plus S3's own delay) and aborts incomplete
// multipart uploads after one day. The bucket's other rules are kept. The
// rule is read back and checked; a server without lifecycle support
// (NotImplemented) makes Open fail with a message that says so. (MinIO keeps
// the expiration but drops the abort clause; it removes stale multipart
// uploads by itself after a day.)
//
// The lifecycle rule is the first line: it holds even when no talaan
// process runs. The service's own sweeper is the second line: it deletes
// each blob when its retention ends (usually before S3 gets to it, since
// S3 rounds up to whole days) and records the deletion in the metadata
// store, which the lifecycle rule cannot do.
//
// ListBlobs lists the objects under PREFIX for the worker's orphan sweep,
// which deletes the blobs of uploads that died before their row was
// committed (only under the API's own key space, PREFIX + "t/", and only
// once older than the upload timeout); it uses s3:ListBucket, already
// needed above. Check's probe objects are never listed.
//
// A Store is safe for concurrent use.
package s3
