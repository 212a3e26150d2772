/*
 * gik_cache_mac.c - HMAC-SHA256 over shared-cache entries.
 *
 * memcached and redis usually take writes from anyone who can reach them:
 * without authentication, whoever can write an entry decides the badge and
 * the companion bytes of every server in the farm.  With
 * GikReportCacheKeyFile every entry carries HMAC(key, entry id || data),
 * checked on every read; an entry that does not verify is a miss.  The MAC
 * is OpenSSL's (libcrypto), never a home-made one.
 */
#include "mod_gikreport_private.h"
#include "gik_cache_mac.h"

#include <apr_file_io.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#define KEY_MIN 16
#define KEY_MAX 1024

static unsigned char key[KEY_MAX];
static apr_size_t key_len;

static apr_status_t key_forget(void *unused)
{
    OPENSSL_cleanse(key, sizeof(key));
    key_len = 0;
    return APR_SUCCESS;
}

/* A key every local user can read (or write) lets any of them forge
 * entries: said at every start, like sshd says it of a host key. */
static void key_file_check(server_rec *s, apr_pool_t *p, const char *file)
{
    apr_finfo_t fi;

    if (apr_stat(&fi, file, APR_FINFO_PROT, p) == APR_SUCCESS
        && (fi.protection & (APR_FPROT_WREAD | APR_FPROT_WWRITE | APR_FPROT_GWRITE))) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, GIKLOGNO(00041)
                     "GikReportCacheKeyFile %s can be read or written by other users: "
                     "whoever has it can forge cache entries (chmod 600, owned by root)",
                     file);
    }
}

apr_status_t gik_mac_load(server_rec *s, apr_pool_t *pconf, const char *file)
{
    apr_file_t *fd;
    apr_size_t n = sizeof(key);
    apr_status_t rv;

    key_forget(NULL);
    if (!file) {
        return APR_SUCCESS;
    }
    rv = apr_file_open(&fd, file, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, pconf);
    if (rv == APR_SUCCESS) {
        rv = apr_file_read_full(fd, key, n, &n);
        apr_file_close(fd);
        rv = APR_STATUS_IS_EOF(rv) ? APR_SUCCESS : rv;
    }
    /* a trailing newline from `echo` or an editor is not part of the secret */
    while (n && (key[n - 1] == '\n' || key[n - 1] == '\r')) {
        n--;
    }
    if (rv != APR_SUCCESS || n < KEY_MIN) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GIKLOGNO(00022)
                     "GikReportCacheKeyFile %s: cannot read a key of at least %d bytes",
                     file, KEY_MIN);
        key_forget(NULL);
        return rv != APR_SUCCESS ? rv : APR_EINVAL;
    }
    key_len = n;
    apr_pool_cleanup_register(pconf, NULL, key_forget, apr_pool_cleanup_null);
    key_file_check(s, pconf, file);
    return APR_SUCCESS;
}

int gik_mac_enabled(void)
{
    return key_len > 0;
}

void gik_mac_sign(const unsigned char *id, apr_size_t idlen, const char *data,
                  apr_size_t len, unsigned char *out)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end()
    };
    size_t outlen = 0;

    /* id first: an entry copied under another key does not verify */
    if (!ctx || !EVP_MAC_init(ctx, key, key_len, params)
        || !EVP_MAC_update(ctx, id, idlen)
        || !EVP_MAC_update(ctx, (const unsigned char *)data, len)
        || !EVP_MAC_final(ctx, out, &outlen, GIK_MAC_LEN) || outlen != GIK_MAC_LEN) {
        memset(out, 0, GIK_MAC_LEN);    /* verifies against nothing real */
    }
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
}

int gik_mac_verify(const unsigned char *id, apr_size_t idlen, const char *data,
                   apr_size_t len, const unsigned char *mac)
{
    unsigned char want[GIK_MAC_LEN];
    static const unsigned char zero[GIK_MAC_LEN];

    gik_mac_sign(id, idlen, data, len, want);
    return CRYPTO_memcmp(want, zero, GIK_MAC_LEN) != 0
           && CRYPTO_memcmp(want, mac, GIK_MAC_LEN) == 0;
}
