import KontorCore
