package org.rnn4j.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key that {@code --api-key-file} holds: a request must send {@code Authorization: Bearer <key>}. Both sides are
 * hashed before {@link MessageDigest#isEqual}, a constant-time comparison, so that neither the time of a wrong guess
 * nor its length tells an attacker how much of it was right.
 */
final class ApiKey {
    private final byte[] expected;

    ApiKey(String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("the API key is empty");
        }
        this.expected = sha256(key);
    }

    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(7).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
