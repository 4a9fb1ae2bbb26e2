package io.petrel.remoting;

/** The sender's language, with the codes RocketMQ puts in the ROCKETMQ binary header. */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10),
    OMS(11), RUST(12);

    private final int code;

    LanguageCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The language for a wire code, or null when unknown (RocketMQ's decoder does the same). */
    public static LanguageCode ofCode(int code) {
        for (LanguageCode l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        return null;
    }

    /** The language for a JSON name, or null when unknown. */
    public static LanguageCode ofName(String name) {
        for (LanguageCode l : values()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
