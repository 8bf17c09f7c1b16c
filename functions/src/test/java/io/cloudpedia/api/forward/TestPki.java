package io.cloudpedia.api.forward;

/**
 * Test-only PKI, generated once with openssl for these tests (100-year validity; no real system trusts it): a CA, a
 * member server certificate for 127.0.0.1/localhost (PKCS#8 EC key), client certificates with a PKCS#1 RSA key and a
 * SEC1 EC key, and an unrelated CA.
 */
public final class TestPki {
  /** A client TLS context that trusts {@link #CA} only. */
  public static javax.net.ssl.SSLContext clientContext() {
    try {
      return Tls.context(java.util.Optional.of(CA), java.util.Optional.empty(), java.util.Optional.empty(), false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server TLS context with {@link #SERVER_CERT} (for 127.0.0.1 and localhost), signed by {@link #CA}. */
  public static javax.net.ssl.SSLContext serverContext() {
    try {
      return Tls.context(java.util.Optional.empty(), java.util.Optional.of(SERVER_CERT),
          java.util.Optional.of(SERVER_KEY), false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private TestPki() {}

  public static final String CA = """
      -----BEGIN CERTIFICATE-----
      MIIBezCCASGgAwIBAgIUHsYNeim1GMoNBaGonZtwvNkrbaIwCgYIKoZIzj0EAwIw
      EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjYwMTM5MjBaGA8yMTI2MTEwMjAx
      MzkyMFowEjEQMA4GA1UEAwwHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH
      A0IABMxSL6/IPWFuLbDyhui/RH70TNyQwXlucjYpZEt3uhnsi7xp8a1UeYLvQbpj
      nCPQnzs61Z3zRgqJia349NPbEV2jUzBRMB0GA1UdDgQWBBTudYiqdrHG3zRMUUGV
      FIZJhZW6gTAfBgNVHSMEGDAWgBTudYiqdrHG3zRMUUGVFIZJhZW6gTAPBgNVHRMB
      Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDvIfu7QD6qqwaKk/+2uAAqF3gu
      NmGzgzonfF98WMkvNgIgeOj2vZ7kPU17Qg670FR9HV1s6S0TwEQT6suFcvi68jA=
      -----END CERTIFICATE-----
      """;

  public static final String OTHER_CA = """
      -----BEGIN CERTIFICATE-----
      MIIBfTCCASOgAwIBAgIUOGLvJUcw1lEPmz0dKjT4kT7XI1gwCgYIKoZIzj0EAwIw
      EzERMA8GA1UEAwwIb3RoZXItY2EwIBcNMjYxMTI2MDEzOTIwWhgPMjEyNjExMDIw
      MTM5MjBaMBMxETAPBgNVBAMMCG90aGVyLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0D
      AQcDQgAEopPL5xUWRGzNHoItIJ1lb3HoQcjyftv9jxQjUmVTmL3zmW7NDw6krLqo
      XAWzl+u95ZPacOXTpuLgORFll9DtVaNTMFEwHQYDVR0OBBYEFPPOPfl71j1EhqEh
      g7NmnuH+RqT6MB8GA1UdIwQYMBaAFPPOPfl71j1EhqEhg7NmnuH+RqT6MA8GA1Ud
      EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAJJYgM1yxWm4csUYrteKbxI1
      ZqQgQqUD6n4f/Kllu1p2AiBCJ6BjvgdQlYES/iqUUI05goap/SsPxo6QzuwO9n47
      og==
      -----END CERTIFICATE-----
      """;

  public static final String SERVER_CERT = """
      -----BEGIN CERTIFICATE-----
      MIIBmzCCAUCgAwIBAgIUKSjjoDeXE2GZq2YkmNWM3TLKUYQwCgYIKoZIzj0EAwIw
      EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjYwMTM5MjBaGA8yMTI2MTEwMjAx
      MzkyMFowETEPMA0GA1UEAwwGbWVtYmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
      QgAEyROfbUavnwCgSXqplj5T+xg+1alyfilDEqaXkVglt46GEOYhANLN/Gu/IsWO
      lEf3AMjlqkGzvD8HfrzaGvC1KKNzMHEwGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxo
      b3N0MBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQWBBTzQ+Snc7tw+pBc/JvO
      mITVvk1GZTAfBgNVHSMEGDAWgBTudYiqdrHG3zRMUUGVFIZJhZW6gTAKBggqhkjO
      PQQDAgNJADBGAiEAknsXxB6HRfNqHiX6xtlmbeXNGPGrCb0P8u9Ac97qlaUCIQDb
      bIbNMjZoJ5GtrLdIU3Pu/Q9XGJNDbeiPpyaW2NiHSA==
      -----END CERTIFICATE-----
      """;

  public static final String SERVER_KEY = """
      -----BEGIN PRIVATE KEY-----
      MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgs/qKJejyhQGiLToX
      7sLQG1x3FEfaroi0IM9oET0mEXihRANCAATJE59tRq+fAKBJeqmWPlP7GD7VqXJ+
      KUMSppeRWCW3joYQ5iEA0s38a78ixY6UR/cAyOWqQbO8Pwd+vNoa8LUo
      -----END PRIVATE KEY-----
      """;

  public static final String RSA_CLIENT_CERT = """
      -----BEGIN CERTIFICATE-----
      MIICSzCCAfGgAwIBAgIUKSjjoDeXE2GZq2YkmNWM3TLKUYUwCgYIKoZIzj0EAwIw
      EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjYwMTM5MjBaGA8yMTI2MTEwMjAx
      MzkyMFowEzERMA8GA1UEAwwIcnNhLXVzZXIwggEiMA0GCSqGSIb3DQEBAQUAA4IB
      DwAwggEKAoIBAQCvrRBt2nap5gKVgHylaoaB2f2rrvbgGI0lCOPAGtJvnSc1LJCS
      KAjfy4BjW3+OOUJdVEHBqFFEl/r3/b+zM6MSKqlpItsL/5FQOFRR9uIs2HO+gkN2
      3kt9e4H3SRqJcAoR1g9zA3/f9Nvu5L919x6Ydi4OKS79ZybOH2ZTAF+BGt0N/qJH
      H5DIPOJt70Hj5ZTY7rfN8V4W221cedTclREIH9A55jKKPqdQgMLNq511bYJb76Cx
      fsec+I1fAB8gQW6eFY8W6qrHhsJQugleD3ozJz5ijQZMBJc6YhHbu2U2uTl+6DdT
      N/kOcH7+xskbypk/HEwwHJsccWj2LLxhLnmzAgMBAAGjVzBVMBMGA1UdJQQMMAoG
      CCsGAQUFBwMCMB0GA1UdDgQWBBRw6pRcekGIN/KqawfYjEJiSILf/jAfBgNVHSME
      GDAWgBTudYiqdrHG3zRMUUGVFIZJhZW6gTAKBggqhkjOPQQDAgNIADBFAiBLxTzq
      x9zFHv8kyNDErbXo1a1/IsBFwPecWXOgoZfnowIhANkUobvJMnvK3hNxhftV7D0Y
      Oq43C4foMYELfWLyDR63
      -----END CERTIFICATE-----
      """;

  public static final String RSA_CLIENT_KEY = """
      -----BEGIN RSA PRIVATE KEY-----
      MIIEowIBAAKCAQEAr60Qbdp2qeYClYB8pWqGgdn9q6724BiNJQjjwBrSb50nNSyQ
      kigI38uAY1t/jjlCXVRBwahRRJf69/2/szOjEiqpaSLbC/+RUDhUUfbiLNhzvoJD
      dt5LfXuB90kaiXAKEdYPcwN/3/Tb7uS/dfcemHYuDiku/Wcmzh9mUwBfgRrdDf6i
      Rx+QyDzibe9B4+WU2O63zfFeFtttXHnU3JURCB/QOeYyij6nUIDCzauddW2CW++g
      sX7HnPiNXwAfIEFunhWPFuqqx4bCULoJXg96Myc+Yo0GTASXOmIR27tlNrk5fug3
      Uzf5DnB+/sbJG8qZPxxMMBybHHFo9iy8YS55swIDAQABAoIBAAQ/BkzVtn+dudTL
      6tl/Gw6o1TdJdBV8TRlVus4zsV3Em2Qzb+NmW+zRqhD4d4g3YWxmm7GcR25SJMOG
      JXrH2CL/8Nj/pJz3bfVEn9FlOYb1sw+QfuAGL+IgxaQo1f0I18V3QuNm2vxWNA85
      SjafqTnbXr7PJTmMxZgUHDcdPpgc+B1fMa7c1skUagYYG7qAvsz9zDUr2vru/Vjn
      RfzKgtt0ZXRKcGfdu6MqeXHPDDLEjplL2z5cGpEm+eIyH93Qz+gPonnF8tJYsI/Z
      q646ai19zThrhfFuKgM0jQ0TYw/3pEHv9tL3JIBu55BgkSsVUVe2TPUcZv5ke0yb
      Q9B6EtkCgYEA7/1S9WRJzAJiv9MgDlcBV4SNi7ROYu70PuNAKJGZT2joMsx+caRu
      cXXnNMJpcqupfyuNHFhXR42CoXRWMpSBtTbFx/v0hp6gkKkceIVXxkrwL3nIPdbi
      oJimw54IOKzhCsjwjbTaEoQ14RyEc9zU13I5rjvro2FEhYo4uBkUAy0CgYEAu2Vb
      na+FP0Dpi/egkWlIUBjoV6zPOg5XYRXXzGkR5lhZKIFM6+lxetLV1V1qogrmxk65
      5IkYnJdv6id+ApPZWLTL8nKajXs8wYdzMTYy1l3ZNbPo9QlzgSsSvOrlWPeEbrYl
      puz9YGh5ILAg1bTbNLBhkOpfNtMERvr49WbF/F8CgYB1fesgclHizAQ2b5FRE+13
      QFDf5Y0+yEfRhgZCFk4dX3nWbOE2l87uQ0/HN6rSVhJsTREPoHxSbohWrRMKPkRm
      SIN5zfM/+OcZC4IByx5W2RdP1upexBY9k56JRJQ30wN1+Twz1CezSwDpzcFWy/Vz
      6NsuXu2VFiiqzCnKj5SJnQKBgD31zG39y9vXNaE+1gteOTeqlJ/wlnAGr+N82mZO
      00lLKueWoP1bqVbIAUXT5l7/pcAp5ZLntYiJFcrhFev6QKHw3YIjXHCtL7B5fZ/m
      4LY6P4hfHQZwAo3R1Rc7v2tEI7iLZzWjJD/NK0eglKq0asooC4pjw+mXqdFiSBCz
      04CXAoGBANUAMjGXXeLAUf7R/qFQWMH3waXneDmW5qDBGql8lQ4emGOO6ZZCHzYW
      WnRyuv7OLZ4EtXYE+0x1Uk29lHrSeqokyu1p9Sh+VH16iC1IighrNq/DZ1ujfkzo
      /tNFlKdQDVvs3nPQRE7QWX332PlxtY3LacBNsEwoxYoLUuk/bCQu
      -----END RSA PRIVATE KEY-----
      """;

  public static final String EC_CLIENT_CERT = """
      -----BEGIN CERTIFICATE-----
      MIIBfzCCASWgAwIBAgIUKSjjoDeXE2GZq2YkmNWM3TLKUYYwCgYIKoZIzj0EAwIw
      EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjYwMTM5MjBaGA8yMTI2MTEwMjAx
      MzkyMFowEjEQMA4GA1UEAwwHZWMtdXNlcjBZMBMGByqGSM49AgEGCCqGSM49AwEH
      A0IABB9d/q0thn/OLgp79TGJYUQy6bhyJIm8oqC7eR4mtvfqMa1CBTk9n+hhaPRo
      WhI00zlFiLKnq+11medxg2eAB9KjVzBVMBMGA1UdJQQMMAoGCCsGAQUFBwMCMB0G
      A1UdDgQWBBRPqtOFtIlhEorPjeUSKXefGkATejAfBgNVHSMEGDAWgBTudYiqdrHG
      3zRMUUGVFIZJhZW6gTAKBggqhkjOPQQDAgNIADBFAiEA1V8fGEPfRC9IOdf6y5tM
      gPub0PgqNrLMBXaHR8ZQGqICIEpgzCPN69tvCf2snSh48e6kwoN0VdKC3GFELw5w
      DVLa
      -----END CERTIFICATE-----
      """;

  public static final String EC_CLIENT_KEY = """
      -----BEGIN EC PRIVATE KEY-----
      MHcCAQEEICKd/cRg/NXjObDBv8pWGd8vrmXK1V5qDRg6FY3qtWMkoAoGCCqGSM49
      AwEHoUQDQgAEH13+rS2Gf84uCnv1MYlhRDLpuHIkibyioLt5Hia29+oxrUIFOT2f
      6GFo9GhaEjTTOUWIsqer7XWZ53GDZ4AH0g==
      -----END EC PRIVATE KEY-----
      """;

}
