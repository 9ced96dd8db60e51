import SupportCore
import Testing

/// Replies and articles are written in Traditional; Simplified readers get them folded and in the
/// Mainland's words (`MainlandWording`).
@Suite struct MainlandWordingTests {
    @Test func taiwansWordsBecomeTheMainlands_afterTheFold() {
        #expect(Language.simplifiedChinese.render("網路連線中斷，請重新登入應用程式") == "网络连接中断，请重新登录应用程序")
        #expect(Language.simplifiedChinese.render("使用者的帳號與信箱") == "用户的账号与邮箱")
    }

    @Test func theLongestWordWins_andListedWordsStay() {
        // 檔案總管 is one name, not 檔案 (文件) followed by 總管.
        #expect(Language.simplifiedChinese.render("開啟檔案總管") == "开启文件资源管理器")
        #expect(Language.simplifiedChinese.render("檔案") == "文件")
        // 語音信箱 (voicemail) is the same in both places, while 信箱 alone is a mailbox.
        #expect(Language.simplifiedChinese.render("語音信箱與信箱") == "语音信箱与邮箱")
        // 原則上 is "in principle"; 原則 alone is a policy in the admin centres' menus.
        #expect(Language.simplifiedChinese.render("原則上要設定保留原則") == "原则上要设置保留策略")
    }

    @Test func textWithoutTaiwansWords_onlyFolds_andTraditionalReadersGetTheText() {
        #expect(Language.simplifiedChinese.render("下載發票與收據") == "下载发票与收据")
        #expect(Language.simplifiedChinese.render("Outlook 123 ok") == "Outlook 123 ok")
        #expect(Language.traditionalChinese.render("網路連線") == "網路連線")
        #expect(Language.english.render("網路") == "網路")
    }
}
