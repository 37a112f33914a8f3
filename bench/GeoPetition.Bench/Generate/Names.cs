namespace GeoPetition.Bench.Generate;

/// <summary>Word lists for attributes that read like real ones (names of people, villages, companies, projects).</summary>
internal static class Names
{
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "唐", "蒋"];
    public static readonly string[] Given = ["建国", "秀英", "德明", "桂芳", "志强", "玉兰", "永福", "红梅", "国华", "淑珍", "俊", "勇", "芳", "敏", "静", "磊", "洋", "艳", "军", "杰"];
    public static readonly string[] Towns = ["龙凤", "桂花", "白马", "石桥", "永兴", "新店", "河边", "金桥", "三星", "太平", "回龙", "高桥", "清平", "中和", "双河", "玉丰"];
    public static readonly string[] Villages = ["高峰", "双堰", "红旗", "新民", "桥亭", "石板", "柏林", "沙湾", "荷花", "观音", "青龙", "五里", "联合", "大田", "团结", "长乐"];
    public static readonly string[] Companies = ["四川蜀道建设有限公司", "川中实业集团有限公司", "西南新能源科技有限公司", "嘉禾置业有限公司", "金鹰物流有限公司", "天府农业开发有限公司", "锦程机械制造有限公司", "县城市建设投资有限公司"];
    public static readonly string[] Projects = ["G93成渝环线高速公路扩容工程", "城乡供水一体化工程", "220千伏输变电工程", "县人民医院新院区", "工业园区标准化厂房", "乡村振兴示范片区道路", "光伏发电项目", "中小学校建设项目"];
    public static readonly string[] RedLineTypes = ["水源涵养", "生物多样性维护", "水土保持", "水土流失敏感区"];
    public static readonly string[] RedLineNames = ["龙泉山", "沱江", "涪江", "琼江", "白塔山", "玉龙湖", "观音湖", "黑龙凼"];
}
