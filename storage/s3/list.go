package s3

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"talaan/storage"
)

var _ storage.BlobLister = (*Store)(nil)

// ListBlobs calls fn with every object under the store's prefix whose key
// (without the prefix) starts with prefix and that was last modified before
// olderThan. Check's probe objects are not blobs. fn may delete the object
// it is given: the listing goes on from the last key S3 returned.
//
// It needs s3:ListBucket on the bucket (Check needs it already).
func (s *Store) ListBlobs(ctx context.Context, prefix string, olderThan time.Time, fn func(key string, modTime time.Time) error) error {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(s.bucket),
		Prefix: aws.String(s.prefix + prefix),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("s3: list blobs: %w", err)
		}
		for _, o := range page.Contents {
			key, ok := strings.CutPrefix(aws.ToString(o.Key), s.prefix)
			if !ok || key == "" || strings.HasPrefix(key, checkDir+"/") || o.LastModified == nil {
				continue
			}
			if !o.LastModified.Before(olderThan) {
				continue
			}
			if err := fn(key, *o.LastModified); err != nil {
				return err
			}
		}
	}
	return nil
}
