/// Facts about the program as a whole.
public enum SupportBot {
    public static let version = "0.1.0"
}
