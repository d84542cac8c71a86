package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"talaan/internal/api"
	"talaan/storage"
)

const tenantKeyUsage = "usage: talaan tenant key create --tenant ID [--role reviewer|admin] [--name NAME]"

// runTenantKey runs `talaan tenant key create`: an API key of an existing
// tenant with a role, printed once with its secret as
// {"keyId","apiKey","apiSecret","role","tenantId"}.
func runTenantKey(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(tenantKeyUsage)
	}
	fs := flag.NewFlagSet("tenant key create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	tenant := fs.String("tenant", "", "the tenant's id (required)")
	role := fs.String("role", storage.RoleReviewer, "reviewer (the review queue only) or admin (everything the tenant's key can do)")
	name := fs.String("name", "", "a label for people, for example who holds the key")
	own, pass := splitOwnFlags(args[1:], "tenant", "role", "name")
	if err := fs.Parse(own); err != nil {
		return fmt.Errorf("tenant key create: %w (%s)", err, tenantKeyUsage)
	}
	id := strings.TrimSpace(*tenant)
	if id == "" {
		return errors.New("tenant key create: --tenant is required (the tenantId that `talaan tenant create` printed)")
	}
	if *role != storage.RoleReviewer && *role != storage.RoleAdmin {
		return fmt.Errorf("tenant key create: --role %q is not a role; use reviewer (the review queue only) or admin", *role)
	}
	if n := strings.TrimSpace(*name); len(n) > 200 {
		return errors.New("tenant key create: --name is longer than 200 characters")
	}
	b, _, err := open(ctx, "tenant key create", pass, os.Stderr)
	if err != nil {
		return err
	}
	defer b.Close()
	k, secret := api.NewAPIKey(id, *role, strings.TrimSpace(*name), time.Now().UTC())
	if err := b.Store.CreateAPIKey(ctx, k); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("tenant key create: there is no tenant %q in this database (check --tenant and TALAAN_DATABASE_URL / --data-dir)", id)
		}
		return fmt.Errorf("tenant key create: %w", err)
	}
	return json.NewEncoder(stdout).Encode(map[string]string{"keyId": k.ID, "apiKey": k.Key, "apiSecret": secret,
		"role": k.Role, "tenantId": k.TenantID})
}

// splitOwnFlags separates the command's own flags (--name value,
// --name=value, one dash or two) from the rest, which are the service
// settings (--data-dir ...).
func splitOwnFlags(args []string, names ...string) (own, pass []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, hasValue := flagName(a)
		if !slices.Contains(names, name) {
			pass = append(pass, a)
			continue
		}
		own = append(own, a)
		if !hasValue && i+1 < len(args) {
			own = append(own, args[i+1])
			i++
		}
	}
	return own, pass
}

// flagName returns the name of a flag argument and whether it carries its
// value (--name=value); "" when a is not a flag.
func flagName(a string) (string, bool) {
	var rest string
	switch {
	case strings.HasPrefix(a, "--"):
		rest = a[2:]
	case strings.HasPrefix(a, "-"):
		rest = a[1:]
	default:
		return "", false
	}
	name, _, hasValue := strings.Cut(rest, "=")
	return name, hasValue
}
