// Written by hand (unlike HanFolding+Table.swift, which is generated).

extension HanFolding {
    /// Written Cantonese, as Hong Kong customers type it, uses characters Mandarin does not:
    /// "登入唔到" is "登入不到", "冇反應" is "沒反應". Folding each onto the Mandarin character
    /// with the same meaning lets every Chinese rule read Cantonese too, the way Traditional folds
    /// onto Simplified, instead of every rule listing both.
    ///
    /// Only characters that mean the same thing wherever they appear are here (唔 is "not", 咗
    /// the perfective 了). Characters Mandarin also uses in another sense stay out: 係 ("is", but
    /// 關係), 呢 ("this", but the particle), 點 ("how" in 點樣, but "point"), 邊, 咪, 晒. Words
    /// that need two Mandarin characters (咩 什麼, 嘢 東西) cannot fold one to one; rules list them.
    ///
    /// Each pair is a Cantonese character followed by its Mandarin (Simplified) fold. A character
    /// ICU already folds (搵 → 揾, 諗 → 谂) is listed with its Simplified form too, both going to
    /// the Mandarin word; these pairs come after ICU's, so they win. 閂 ("shut": 閂機, 閂咗自動更新)
    /// is 关 the same way, and 熄 (熄機, 熄咗佢: Mandarin's 熄灯 and 熄火 mean it too); 仲 is 还 (仲有,
    /// 仲未), 揀 选, 掂 定 (搞掂 is 搞定). Mandarin's own uses of these (仲裁, 挑拣, 掂量) are rare in
    /// support and keep their sense close enough.
    static let cantonesePairs = """
    唔不冇没咗了嘅的喺在佢他睇看搵找揾找嚟来啲些畀给俾给攞拿諗想谂想啱对嗰那哋们閂关闩关熄关仲还揀选拣选掂定
    """
}
