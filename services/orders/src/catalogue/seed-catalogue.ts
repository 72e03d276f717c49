import type { CatalogueItemDetails } from '@platform/contracts';

const cities = ['shanghai', 'beijing', 'hangzhou', 'shenzhen', 'guangzhou', 'chengdu'];
const yuan = (amount: number) => ({ amountMinor: amount * 100, currency: 'CNY' as const });

const kitchen = {
  area: '厨房 Kitchen',
  criteria: [
    '灶台无油污 Hob free of grease',
    '水槽无水渍 Sink dry and spotless',
    '台面物品归位 Counter items back in place',
  ],
};
const bathroom = {
  area: '卫生间 Bathroom',
  criteria: [
    '马桶内外清洁 Toilet clean inside and out',
    '镜面无水痕 Mirror without streaks',
    '地漏无毛发 Floor drain free of hair',
  ],
};
const livingRoom = {
  area: '客厅 Living room',
  criteria: ['地面无尘 Floor dust-free', '桌面擦拭 Surfaces wiped', '垃圾清空 Bins emptied and relined'],
};
const bedroom = { area: '卧室 Bedroom', criteria: ['床品整理 Bed made', '地面吸尘 Floor vacuumed'] };

/** The realistic starting catalogue the demo and the benchmarks use (names in Chinese and English). */
export const seedCatalogue: { code: string; details: CatalogueItemDetails }[] = [
  {
    code: 'HC-DAILY-3H',
    details: {
      name: { zh: '日常保洁 3小时', en: 'Daily cleaning, 3 hours' },
      line: 'home_services',
      category: 'daily_cleaning',
      productCategory: null,
      standard: [kitchen, bathroom, livingRoom, bedroom],
      expectedMinutes: 180,
      qualification: 'housekeeping',
      basePrice: yuan(150),
      cities,
    },
  },
  {
    code: 'HC-DEEP-6H',
    details: {
      name: { zh: '深度保洁 6小时', en: 'Deep cleaning, 6 hours' },
      line: 'home_services',
      category: 'deep_cleaning',
      productCategory: null,
      standard: [
        { ...kitchen, criteria: [...kitchen.criteria, '油烟机表面除油 Range hood degreased outside'] },
        { ...bathroom, criteria: [...bathroom.criteria, '瓷砖缝除霉 Tile joints free of mould'] },
        livingRoom,
        bedroom,
        {
          area: '门窗 Windows and doors',
          criteria: ['玻璃内侧无痕 Inside of glass streak-free', '窗轨无尘 Window tracks dust-free'],
        },
      ],
      expectedMinutes: 360,
      qualification: 'housekeeping',
      basePrice: yuan(420),
      cities,
    },
  },
  {
    code: 'HC-APPLIANCE-AC',
    details: {
      name: { zh: '空调清洗', en: 'Air-conditioner cleaning' },
      line: 'home_services',
      category: 'appliance_cleaning',
      productCategory: 'air_conditioner',
      standard: [
        {
          area: '空调 Air conditioner',
          criteria: [
            '滤网清洗 Filters washed',
            '蒸发器杀菌 Evaporator disinfected',
            '试机正常 Test run normal',
          ],
        },
      ],
      expectedMinutes: 90,
      qualification: 'appliance_cleaning',
      basePrice: yuan(128),
      cities,
    },
  },
  {
    code: 'HC-COOK-2H',
    details: {
      name: { zh: '上门做饭', en: 'Home cooking, 2 hours' },
      line: 'home_services',
      category: 'cooking',
      productCategory: null,
      standard: [
        {
          area: '厨房 Kitchen',
          criteria: ['按菜单备餐 Meals per the agreed menu', '餐后清洁 Kitchen cleaned after cooking'],
        },
      ],
      expectedMinutes: 120,
      qualification: 'cooking',
      basePrice: yuan(120),
      cities: ['shanghai', 'beijing', 'hangzhou'],
    },
  },
  {
    code: 'HC-ORGANISE-4H',
    details: {
      name: { zh: '收纳整理', en: 'Home organising, 4 hours' },
      line: 'home_services',
      category: 'organising',
      productCategory: null,
      standard: [
        { area: '衣柜 Wardrobe', criteria: ['分类叠放 Sorted and folded', '标签清晰 Labelled'] },
        { area: '储物间 Storage', criteria: ['物品分区 Items zoned'] },
      ],
      expectedMinutes: 240,
      qualification: 'organising',
      basePrice: yuan(480),
      cities: ['shanghai', 'shenzhen'],
    },
  },
  {
    code: 'HC-PET-3H',
    details: {
      name: { zh: '宠物家庭保洁', en: 'Pet-home cleaning, 3 hours' },
      line: 'home_services',
      category: 'pet_home_cleaning',
      productCategory: null,
      standard: [
        livingRoom,
        {
          area: '宠物区 Pet area',
          criteria: ['毛发清除 Pet hair removed', '除味 Odour treated with pet-safe products'],
        },
      ],
      expectedMinutes: 180,
      qualification: 'housekeeping',
      basePrice: yuan(180),
      cities,
    },
  },
  {
    code: 'HC-NANNY-DAY',
    details: {
      name: { zh: '育儿嫂（白班）', en: 'Nanny, day shift' },
      line: 'home_services',
      category: 'nanny',
      productCategory: null,
      standard: [
        { area: '照护 Care', criteria: ['按时喂养 Feeding on schedule', '记录作息 Daily log kept'] },
      ],
      expectedMinutes: 600,
      qualification: 'childcare',
      basePrice: yuan(350),
      cities: ['shanghai', 'beijing'],
    },
  },
  {
    code: 'HC-MATERNITY-26D',
    details: {
      name: { zh: '月嫂 26天', en: 'Maternity nurse, 26 days' },
      line: 'home_services',
      category: 'maternity_nurse',
      productCategory: null,
      standard: [
        {
          area: '母婴 Mother and baby',
          criteria: ['产妇护理 Mother care', '新生儿护理 Newborn care', '月子餐 Confinement meals'],
        },
      ],
      expectedMinutes: 1440,
      qualification: 'maternity_care',
      basePrice: yuan(16800),
      cities: ['shanghai', 'beijing', 'shenzhen'],
    },
  },
  {
    code: 'HC-AIR-PURIFY',
    details: {
      name: { zh: '除甲醛空气治理', en: 'Air purification (formaldehyde)' },
      line: 'home_services',
      category: 'air_purification',
      productCategory: null,
      standard: [
        {
          area: '全屋 Whole home',
          criteria: ['治理前检测 Measured before', '喷涂完成 Treatment applied', '治理后检测 Measured after'],
        },
      ],
      expectedMinutes: 240,
      qualification: 'air_treatment',
      basePrice: yuan(899),
      cities,
    },
  },
  {
    code: 'HC-DISINFECT',
    details: {
      name: { zh: '全屋消毒', en: 'Whole-home disinfection' },
      line: 'home_services',
      category: 'disinfection',
      productCategory: null,
      standard: [
        {
          area: '全屋 Whole home',
          criteria: ['高频接触面消毒 High-touch surfaces disinfected', '通风 Ventilated afterwards'],
        },
      ],
      expectedMinutes: 120,
      qualification: 'disinfection',
      basePrice: yuan(260),
      cities,
    },
  },
  {
    code: 'AS-INSTALL-WARDROBE',
    details: {
      name: { zh: '衣柜安装', en: 'Wardrobe installation' },
      line: 'after_sales',
      category: 'installation',
      productCategory: 'wardrobe',
      standard: [
        {
          area: '安装 Installation',
          criteria: [
            '板件核对 Panels checked against the list',
            '水平校准 Levelled',
            '门板调试 Doors aligned',
          ],
        },
      ],
      expectedMinutes: 180,
      qualification: 'panel_installation',
      basePrice: yuan(300),
      cities,
    },
  },
  {
    code: 'AS-REPAIR-SMARTLOCK',
    details: {
      name: { zh: '智能门锁维修', en: 'Smart lock repair' },
      line: 'after_sales',
      category: 'repair',
      productCategory: 'smart_home',
      standard: [
        {
          area: '门锁 Lock',
          criteria: [
            '故障诊断 Fault diagnosed',
            '更换配件 Parts replaced if needed',
            '功能测试 All unlock modes tested',
          ],
        },
      ],
      expectedMinutes: 90,
      qualification: 'smart_home',
      basePrice: yuan(150),
      cities,
    },
  },
  {
    code: 'AS-INSPECT-SOFA',
    details: {
      name: { zh: '沙发上门检测', en: 'Sofa inspection' },
      line: 'after_sales',
      category: 'inspection',
      productCategory: 'sofa',
      standard: [
        {
          area: '沙发 Sofa',
          criteria: ['外观检查 Exterior inspected', '结构检查 Frame inspected', '出具报告 Report written'],
        },
      ],
      expectedMinutes: 60,
      qualification: 'furniture_inspection',
      basePrice: yuan(80),
      cities,
    },
  },
];
