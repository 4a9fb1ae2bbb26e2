package io.petrel.broker;

/** Recognises IPv4 and IPv6 literals without resolving anything. */
final class IpLiteral {

    private IpLiteral() {
    }

    static boolean isIpLiteral(String text) {
        return isIpv4(text) || (text.indexOf(':') >= 0 && text.matches("[0-9a-fA-F:.]+"));
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
