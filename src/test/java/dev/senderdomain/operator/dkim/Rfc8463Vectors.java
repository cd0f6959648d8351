package dev.senderdomain.operator.dkim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * RFC 8463 Appendix A: its keys (A.2), its signed message (A.3) and the DNS records (A.2). Public
 * test vectors.
 */
final class Rfc8463Vectors {
  private Rfc8463Vectors() {}

  static final String ED25519_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
  static final String ED25519_TXT =
      "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

  static final String RSA_PKCS1_PEM =
      """
      -----BEGIN RSA PRIVATE KEY-----
      MIICXQIBAAKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi
      Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqM
      KrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB
      AoGAH0cxOhFZDgzXWhDhnAJDw5s4roOXN4OhjiXa8W7Y3rhX3FJqmJSPuC8N9vQm
      6SVbaLAE4SG5mLMueHlh4KXffEpuLEiNp9Ss3O4YfLiQpbRqE7Tm5SxKjvvQoZZe
      zHorimOaChRL2it47iuWxzxSiRMv4c+j70GiWdxXnxe4UoECQQDzJB/0U58W7RZy
      6enGVj2kWF732CoWFZWzi1FicudrBFoy63QwcowpoCazKtvZGMNlPWnC7x/6o8Gc
      uSe0ga2xAkEA8C7PipPm1/1fTRQvj1o/dDmZp243044ZNyxjg+/OPN0oWCbXIGxy
      WvmZbXriOWoSALJTjExEgraHEgnXssuk7QJBALl5ICsYMu6hMxO73gnfNayNgPxd
      WFV6Z7ULnKyV7HSVYF0hgYOHjeYe9gaMtiJYoo0zGN+L3AAtNP9huqkWlzECQE1a
      licIeVlo1e+qJ6Mgqr0Q7Aa7falZ448ccbSFYEPD6oFxiOl9Y9se9iYHZKKfIcst
      o7DUw1/hz2Ck4N5JrgUCQQCyKveNvjzkkd8HjYs0SwM0fPjK16//5qDZ2UiDGnOe
      uEzxBDAr518Z8VFbR41in3W4Y3yCDgQlLlcETrS+zYcL
      -----END RSA PRIVATE KEY-----
      """;
  static final String RSA_TXT =
      "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk"
          + "08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9Pz"
          + "oxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

  static final String MESSAGE =
      String.join(
          "\r\n",
          "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
          " d=football.example.com; i=@football.example.com;",
          " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
          " subject : date : message-id : from : subject : date;",
          " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
          " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
          " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
          "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
          " d=football.example.com; i=@football.example.com;",
          " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
          " date : message-id : from : subject : date;",
          " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
          " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
          " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
          " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
          "From: Joe SixPack <joe@football.example.com>",
          "To: Suzie Q <suzie@shopping.example.net>",
          "Subject: Is dinner ready?",
          "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
          "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
          "",
          "Hi.",
          "",
          "We lost the game.  Are you hungry yet?",
          "",
          "Joe.",
          "");

  static byte[] message() {
    return MESSAGE.getBytes(StandardCharsets.US_ASCII);
  }

  static DkimKey ed25519Key() {
    KeyMaterial.Parsed p = KeyMaterial.ed25519FromSeed(Base64.getDecoder().decode(ED25519_SEED));
    return new DkimKey(
        "brisbane", DkimAlgorithm.ED25519, DkimKeyState.ACTIVE, Instant.EPOCH, p.pkcs8(), p.spki());
  }

  static DkimKey rsaKey() {
    byte[] pkcs8 =
        MtaConfig.pkcs1ToPkcs8(
            KeyMaterial.fromPem(RSA_PKCS1_PEM, "RSA PRIVATE KEY", "test"), "test");
    return DkimKey.fromPkcs8("test", DkimKeyState.ACTIVE, Instant.EPOCH, pkcs8, "test");
  }
}
