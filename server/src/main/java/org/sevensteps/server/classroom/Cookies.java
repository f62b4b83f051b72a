package org.sevensteps.server.classroom;

/** The identity cookies: HttpOnly (no script can read them), SameSite=Lax, a year long. */
public final class Cookies {
    static final int ONE_YEAR = 365 * 24 * 3600;

    private Cookies() {}

    /** The {@code Set-Cookie} header value for {@code name=value}; {@code secure} on HTTPS. */
    public static String header(String name, String value, boolean secure) {
        return name + "=" + value + "; Path=/; Max-Age=" + ONE_YEAR + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
