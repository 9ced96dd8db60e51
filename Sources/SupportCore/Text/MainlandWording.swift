/// Taiwan's words for computing, as the replies and articles are written, swapped for the
/// Mainland's when they are shown to a reader of Simplified Chinese.
///
/// The Chinese texts are written once, in Traditional, and folded character by character for
/// Simplified readers. A fold changes the script, not the vocabulary: "網路連線", "應用程式" and
/// "使用者" become "网路连线", "应用程式" and "使用者", which a reader in the Mainland takes for
/// Taiwan's and stumbles on (there it is "网络连接", "应用程序", "用户"), and the Mainland's
/// Windows and Microsoft 365 name their menus the Mainland way ("文件资源管理器", "策略"). So after
/// the fold the words are swapped, the longest first ("檔案總管" before "檔案"), as OpenCC's Taiwan
/// phrase table does. A word that must stay is listed as itself ("語音信箱", voicemail in both).
///
/// Only words with one sense in a support text are here: "開啟" (open, and switch on) and "資料"
/// (data, and documents) read the same in both places and stay.
enum MainlandWording {
    /// Taiwan's word, in Traditional as the texts spell it, and the Mainland's, in Simplified.
    static let pairs: [(taiwan: String, mainland: String)] = [
        ("檔案總管", "文件资源管理器"), ("認證管理員", "凭据管理器"), ("鑰匙圈存取", "钥匙串访问"), ("鑰匙圈", "钥匙串"),
        ("飛航模式", "飞行模式"), ("工作列", "任务栏"), ("捷徑", "快捷方式"), ("索引標籤", "选项卡"), ("頁籤", "标签页"),
        ("應用程式", "应用程序"), ("驅動程式", "驱动程序"), ("程式碼", "代码"), ("程式", "程序"),
        ("資料夾", "文件夹"), ("資料庫", "数据库"), ("檔案", "文件"), ("網路", "网络"), ("連線", "连接"), ("網域", "域名"),
        ("伺服器", "服务器"), ("軟體", "软件"), ("硬體", "硬件"), ("硬碟", "硬盘"), ("隨身碟", "U盘"), ("磁碟", "磁盘"),
        ("螢幕", "屏幕"), ("滑鼠", "鼠标"), ("印表機", "打印机"), ("列印", "打印"), ("攝影機", "摄像头"),
        ("行動裝置", "移动设备"), ("裝置", "设备"), ("重新開機", "重启"), ("介面", "界面"), ("選單", "菜单"), ("視窗", "窗口"),
        ("登入", "登录"), ("登出", "退出登录"), ("重設", "重置"), ("預設", "默认"), ("設定檔", "配置文件"), ("設定", "设置"),
        ("使用者名稱", "用户名"), ("使用者", "用户"), ("帳號", "账号"), ("帳戶", "账户"), ("帳單", "账单"), ("帳務", "账务"),
        ("租用戶", "租户"), ("共用信箱", "共享邮箱"), ("共用", "共享"), ("語音信箱", "语音信箱"), ("信箱", "邮箱"),
        ("收件匣", "收件箱"), ("寄件匣", "发件箱"), ("訊息", "消息"), ("簡訊", "短信"), ("視訊", "视频"), ("影片", "视频"),
        ("行事曆", "日历"), ("聯絡人", "联系人"), ("聯絡", "联系"), ("原則上", "原则上"), ("原則", "策略"), ("憑證", "证书"),
        ("資訊", "信息"), ("品質", "质量"), ("物件", "对象"), ("數位", "数字"), ("支援", "支持"), ("小幫手", "小助手"),
        ("回覆", "回复"), ("透過", "通过"), ("線上", "在线"), ("點選", "点击"), ("按一下", "单击"), ("搜尋", "搜索"),
        ("儲存空間", "存储空间"), ("儲存", "保存"), ("貼上", "粘贴"), ("匯出", "导出"), ("匯入", "导入"), ("封存", "存档"),
        ("佇列", "队列"), ("作用中的使用者", "活跃用户"), ("字元", "字符"), ("連結", "链接"), ("當掉", "崩溃"), ("當機", "宕机"),
        ("增益集", "加载项"), ("入口網站", "门户"), ("控制台", "控制面板"), ("進階", "高级"), ("概觀", "概述"), ("轉寄", "转发"),
        ("連接埠", "端口"), ("身分", "身份"), ("指派", "分配"), ("位址", "地址"), ("解析度", "分辨率"), ("網路卡", "网卡"),
        ("網路線", "网线"), ("記憶體", "内存"), ("資源回收筒", "回收站"), ("快取", "缓存"), ("擴充功能", "扩展"), ("閘道", "网关"),
        ("逾時", "超时"), ("遠端", "远程"), ("用戶端", "客户端"), ("解除安裝", "卸载"), ("重新整理", "刷新"), ("清單", "列表"),
        ("檢視", "查看"), ("筆電", "笔记本电脑"), ("偵測", "检测"), ("延伸", "扩展"), ("工作階段", "会话"), ("金鑰", "密钥"),
        ("抹除", "擦除"), ("排程", "计划"), ("傳送", "发送"), ("寄件者", "发件人"), ("收件者", "收件人"), ("寄件備份", "已发送邮件"),
        ("復原", "恢复"), ("修補程式", "补丁"), ("效能", "性能"), ("雲端", "云"), ("通訊群組", "通讯组"), ("小組與群組", "团队和组"),
        ("條件式存取", "条件访问"), ("存取", "访问"), ("隱私權", "隐私"), ("案件", "工单"),
    ]

    /// The swaps keyed by the first character of the folded Taiwan word, each list longest first.
    private static let table: [Unicode.Scalar: [(word: [Unicode.Scalar], mainland: String)]] = {
        var table: [Unicode.Scalar: [(word: [Unicode.Scalar], mainland: String)]] = [:]
        for (taiwan, mainland) in pairs {
            let word = taiwan.unicodeScalars.map { Unicode.Scalar(HanFolding.fold($0.value)) ?? $0 }
            table[word[0], default: []].append((word, mainland))
        }
        for key in table.keys { table[key]!.sort { $0.word.count > $1.word.count } }
        return table
    }()

    /// `folded` (Traditional already folded to Simplified) with Taiwan's words swapped for the Mainland's.
    static func convert(_ folded: String) -> String {
        let scalars = Array(folded.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        scan: while i < scalars.count {
            if let candidates = table[scalars[i]] {
                for candidate in candidates where i + candidate.word.count <= scalars.count
                    && scalars[i..<(i + candidate.word.count)].elementsEqual(candidate.word) {
                    result.append(contentsOf: candidate.mainland.unicodeScalars)
                    i += candidate.word.count
                    continue scan
                }
            }
            result.append(scalars[i])
            i += 1
        }
        return String(result)
    }
}
