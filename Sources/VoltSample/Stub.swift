import VoltModel
