import VoltModel

/// Clearly fictional names for the sample area of Wexbury, a town that does not exist.
enum Names {
    static let male = [
        "Alfie", "Caden", "Eli", "Finn", "Gus", "Idris", "Jax", "Kai", "Leo", "Milo", "Nico", "Ollie",
        "Rafe", "Sami", "Theo", "Vinny", "Zane", "Reggie", "Bailey", "Dara",
    ]
    static let female = [
        "Amara", "Bree", "Cleo", "Demi", "Esme", "Freya", "Hallie", "Isla", "Juno", "Kiki", "Lula", "Maya",
        "Nell", "Orla", "Remi", "Suki", "Tia", "Wren", "Zara", "Poppy",
    ]
    static let last = [
        "Ashcombe", "Brindlewood", "Corrowby", "Daventree", "Elmsfold", "Farrowgate", "Glimmerton", "Hollowmere",
        "Inchbrook", "Juniperwell", "Kestleton", "Larkspurr", "Mossgrove", "Nettlebank", "Oakhollow", "Pebblecroft",
        "Quillsby", "Rookwell", "Sallowmere", "Thistledown", "Umberfield", "Vellacott", "Wickerham", "Yarrowby",
        "Zephyrton", "Brackenridge", "Cindervale", "Dewhollow", "Emberleigh", "Foxglade",
    ]
    static let wards = ["Northgate", "Riverside", "Millfield", "Eastmoor", "Castle Ward"]
    static let streets = ["Elm Row", "Tanner Lane", "Copper Street", "Orchard Close", "Wharf Road", "Bell Court"]

    static func place(_ c: LocationCategory, _ i: Int) -> String {
        switch c {
        case .school: return ["Wexbury Academy", "St Aldric's School", "Millfield High", "Castle Park College"][i % 4]
        case .park: return ["Riverside Park", "Northgate Rec", "Millfield Fields", "Eastmoor Skate Park", "Castle Gardens", "Canal Towpath"][i % 6]
        case .shop: return ["Quickstop Northgate", "Wexbury Vape Shop", "Riverside Mini Mart", "Castle Phone Repairs", "Eastmoor Off Licence"][i % 5]
        case .takeaway: return ["Chicken Express Wexbury", "Golden Fryer", "Pizza Point", "Kebab Corner", "Dragon Wok", "Burger Barn"][i % 6]
        case .transportHub: return ["Wexbury Bus Station", "Wexbury Rail Station", "Northgate Tram Stop"][i % 3]
        case .hotel: return ["Wexbury Travel Inn", "Riverside Lodge"][i % 2]
        case .online: return ["Group chat 'WXB Boys'", "Gaming server 'Castle Crew'"][i % 2]
        case .address, .other:
            return "\(2 + (i * 7) % 90) \(streets[i % streets.count])"
        }
    }
}
