namespace GeoPetition.Server.Demo;

/// <summary>Synthetic Chinese names: people, villages, companies, streets. None refers to a real person or firm.</summary>
internal static class Names
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
        "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "曾", "彭", "萧", "蔡", "潘", "田", "董", "袁", "于", "余",
        "蒋", "杜", "苏", "魏", "程", "吕", "丁", "沈", "任", "姚", "卢", "傅", "钟", "姜", "崔", "谭", "廖", "范", "汪", "陆",
    ];

    private static readonly string[] GivenChars =
    [
        "国", "建", "华", "明", "文", "平", "志", "永", "德", "秀", "英", "兰", "芳", "玉", "春", "海", "红", "军", "强", "勇",
        "伟", "刚", "成", "福", "贵", "云", "桂", "淑", "凤", "荣", "清", "林", "富", "安", "红", "学", "忠", "良", "兴", "光",
        "金", "银", "洪", "治", "素", "琼", "丽", "霞", "敏", "燕", "婷", "雪", "峰", "磊", "超", "涛", "杰", "鑫", "宇", "浩",
    ];

    /// <summary>Village name stems (each village gets one, plus 村).</summary>
    public static readonly string[] VillageStems =
    [
        "白鹤", "青杠", "石堰", "龙井", "柳湾", "金竹", "新桥", "红星", "前进", "联合", "团结", "和平", "双河", "三星", "五一", "高峰",
        "桂花", "荷花", "凤凰", "白果", "黄桷", "杨柳", "大湾", "小河", "松林", "竹林", "观音", "狮子", "天池", "长乐", "永安", "太平",
        "兴隆", "长春", "清泉", "新华", "光明", "永兴", "花园", "白塔", "梨园", "桃园", "杏花", "明月", "水井", "马鞍", "石龙", "大石",
        "朝阳", "中心", "油房", "碾盘", "瓦窑", "槐树",
    ];

    private static readonly string[] CompanyStems =
    [
        "恒达", "鑫源", "宏远", "金桥", "天府", "蜀川", "嘉禾", "锦程", "瑞丰", "华鼎", "通达", "鸿运", "盛世", "永固", "康源", "绿源",
        "顺发", "众城", "佳和", "润泽", "中兴", "博远", "长盛", "富民", "安泰", "新鹏", "汇通", "昌隆",
    ];

    private static readonly string[] CompanyTrades =
    [
        "机械制造", "建材", "食品", "农业开发", "物流", "电子科技", "置业", "商贸", "包装材料", "塑胶", "新材料", "酒业", "饲料", "家具",
    ];

    /// <summary>Street names of the two towns.</summary>
    public static readonly string[] Streets =
    [
        "解放路", "人民路", "建设路", "新华街", "滨河路", "迎宾大道", "文化路", "工业大道", "兴业路", "朝阳街", "南街", "北街", "育才路", "车站路",
    ];

    /// <summary>A person's name (2–3 characters).</summary>
    public static string Person(DemoRandom rng)
    {
        var name = rng.Pick(Surnames) + rng.Pick(GivenChars);
        return rng.Chance(0.75) ? name + rng.Pick(GivenChars) : name;
    }

    /// <summary>A company name registered in the given county, e.g. 示范县恒达机械制造有限公司.</summary>
    public static string Company(DemoRandom rng, County county) =>
        county.Name + rng.Pick(CompanyStems) + rng.Pick(CompanyTrades) + "有限公司";

    /// <summary>A property developer, e.g. 示范县锦程置业有限公司.</summary>
    public static string Developer(DemoRandom rng, County county) => county.Name + rng.Pick(CompanyStems) + "置业有限公司";

    /// <summary>Chinese numeral 1…99 (一, 二 … 十一 …).</summary>
    public static string ChineseNumber(int n)
    {
        const string Digits = "零一二三四五六七八九";
        if (n < 10)
        {
            return Digits[n].ToString();
        }

        var tens = n / 10;
        var ones = n % 10;
        var text = (tens == 1 ? "" : Digits[tens].ToString()) + "十";
        return ones == 0 ? text : text + Digits[ones];
    }

    /// <summary>
    /// A synthetic 18-character 居民身份证号码 with a valid GB 11643-1999 check digit (ISO 7064 MOD 11-2).
    /// The region part is one of the synthetic county codes.
    /// </summary>
    public static string IdNumber(DemoRandom rng, string countyCode)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(rng.Int(0, 365 * 50));
        var body = countyCode + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + rng.Int(0, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return body + IdCheckDigit(body);
    }

    /// <summary>The GB 11643 check character of the first 17 digits.</summary>
    public static char IdCheckDigit(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * weights[i];
        }

        return "10X98765432"[sum % 11];
    }

    /// <summary>A synthetic mobile number (11 digits).</summary>
    public static string Phone(DemoRandom rng)
    {
        string[] prefixes = ["138", "139", "135", "158", "159", "182", "187", "177", "199"];
        return rng.Pick(prefixes) + rng.Int(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
