"""Name and place lists for the fictional city of Northbridge.

Modest lists of first names and surnames common in Britain across its communities. The
generator combines them at random, so a generated person is a combination, never a real
individual. Street names are built from word parts; the city and its "NB" postcodes do not
exist.
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Name groups, so that a family's names fit together. Mixed-heritage children draw on the
# groups of both parents.
WHITE_BRITISH: Final = "white_british"
IRISH: Final = "irish"
EASTERN_EUROPEAN: Final = "eastern_european"
SOUTH_ASIAN_MUSLIM: Final = "south_asian_muslim"
SOUTH_ASIAN_INDIAN: Final = "south_asian_indian"
BLACK_AFRICAN: Final = "black_african"
BLACK_CARIBBEAN: Final = "black_caribbean"
CHINESE: Final = "chinese"
ARAB_OTHER: Final = "arab_other"

FIRST_NAMES_FEMALE: Final[dict[str, tuple[str, ...]]] = {
    WHITE_BRITISH: _words(
        "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Poppy Evie "
        "Ella Daisy Chloe Jessica Emily Ruby Megan Holly Lauren Charlotte Hannah Bethany "
        "Sophie Millie Phoebe Harriet Summer Willow Maisie Erin Lacey Kayleigh Gemma Leanne "
        "Stacey Kelly Sarah Rachel Claire Nicola Donna Jade Amy Zoe Tanya Michelle"
    ),
    IRISH: _words(
        "Aoife Niamh Siobhan Ciara Roisin Orla Saoirse Caoimhe Bridget Mary Kathleen Margaret "
        "Eileen Grainne Sinead Nora"
    ),
    EASTERN_EUROPEAN: _words(
        "Zuzanna Julia Maja Natalia Oliwia Alicja Kinga Agnieszka Ioana Elena Andreea Daria "
        "Viktoria Anna Katarzyna Milena Simona Laura Gabriela Irina"
    ),
    SOUTH_ASIAN_MUSLIM: _words(
        "Aisha Fatima Maryam Zainab Hafsa Amina Sana Iqra Noor Khadija Safa Hira Ayesha "
        "Mehreen Samina Nadia Shazia Rubina Tahmina Nusrat Sumaiya Eshal Inaya Anaya Yasmin"
    ),
    SOUTH_ASIAN_INDIAN: _words(
        "Priya Anjali Kiran Simran Harpreet Jaspreet Navneet Asha Deepa Meera Riya Diya Aanya "
        "Isha Sunita Kamaljit Manpreet Pooja Nisha Gurpreet"
    ),
    BLACK_AFRICAN: _words(
        "Amara Chioma Adaeze Ifeoma Blessing Precious Favour Abena Ama Esi Zawadi Nia Ayan "
        "Hodan Fartun Sagal Comfort Joy Grace Temitope Funmilayo Folake Ngozi Halima"
    ),
    BLACK_CARIBBEAN: _words(
        "Shanice Tianna Keisha Jada Aaliyah Imani Shanelle Tamika Monique Chantelle Nadine "
        "Marcia Paulette Sharon Jasmine Kezia"
    ),
    CHINESE: _words("Mei Xin Lin Yan Hui Jing Ling Wen Yu Hong Li Qing"),
    ARAB_OTHER: _words(
        "Layla Mariam Rana Salma Hanan Lina Dalia Rania Yara Huda Zahra Shirin Roza Dilan "
        "Nasrin Amal"
    ),
}

FIRST_NAMES_MALE: Final[dict[str, tuple[str, ...]]] = {
    WHITE_BRITISH: _words(
        "Oliver George Harry Noah Jack Leo Arthur Oscar Charlie Freddie Alfie Thomas Archie "
        "Henry Theo Joshua Jacob Riley Mason Tyler Kai Logan Lewis Callum Connor Jake Ryan "
        "Liam Kieran Bradley Jordan Reece Dylan Harvey Alfred Ethan Daniel James Matthew Lee "
        "Darren Craig Wayne Dean Gary Paul Mark Stephen Shaun Carl"
    ),
    IRISH: _words(
        "Sean Liam Patrick Cian Eoin Ciaran Declan Niall Padraig Michael John Martin Cormac "
        "Oisin Finn Tadhg"
    ),
    EASTERN_EUROPEAN: _words(
        "Jakub Kacper Szymon Filip Mateusz Piotr Tomasz Krzysztof Andrei Mihai Alexandru "
        "Ionut Marek Lukas Dawid Pavel Adrian Bogdan Vasile Nikola"
    ),
    SOUTH_ASIAN_MUSLIM: _words(
        "Muhammad Ibrahim Yusuf Ali Hamza Zayn Ayaan Musa Adam Bilal Imran Tariq Asif Zubair "
        "Haroon Faisal Rizwan Shahid Kamran Abdul Rahim Sami Arham Rayyan Idris"
    ),
    SOUTH_ASIAN_INDIAN: _words(
        "Arjun Rohan Aarav Vihaan Krish Dev Rahul Amit Sanjay Harjit Jaswinder Gurdeep Manjit "
        "Ravi Vikram Nikhil Aryan Sunil Jaskaran Kabir"
    ),
    BLACK_AFRICAN: _words(
        "Chidi Emeka Obinna Tobi Kwame Kofi Yaw Tunde Femi Segun Daniel David Samuel Emmanuel "
        "Joshua Abdi Mohamed Ahmed Omar Kelechi Ayodele Ibrahim Elijah Chinedu"
    ),
    BLACK_CARIBBEAN: _words(
        "Tyrone Marcus Jermaine Andre Darnell Leon Malachi Isaiah Jayden Kyrie Devon Winston "
        "Clive Delroy Lloyd Trevor"
    ),
    CHINESE: _words("Wei Jun Hao Ming Tao Jian Bo Chen Long Kai Feng Lei"),
    ARAB_OTHER: _words(
        "Omar Karim Youssef Ahmad Khalid Sami Tariq Hassan Mustafa Rami Hussein Darius Reza "
        "Aram Serhat Baran"
    ),
}

SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    WHITE_BRITISH: _words(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Hughes "
        "Edwards Turner Hill Moore Cooper Ward Morris King Watson Harrison Morgan Baker Young "
        "Allen Mitchell Carter Phillips Bennett Shaw Marshall Holmes Barker Fletcher Booth "
        "Kershaw Pickering Dobson"
    ),
    IRISH: _words(
        "Murphy Kelly O'Brien Byrne Ryan O'Connor Walsh McCarthy Doyle Gallagher Quinn "
        "Brennan Donnelly Flanagan Doherty Connors"
    ),
    EASTERN_EUROPEAN: _words(
        "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Popescu Ionescu "
        "Dumitru Stan Horvath Novak Kazlauskas Petrov Balan Marin Dvorak"
    ),
    SOUTH_ASIAN_MUSLIM: _words(
        "Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Rashid Begum Uddin Miah Rahman Islam "
        "Chowdhury Shah Malik Butt Aslam Bibi Nawaz Qureshi Siddiqui"
    ),
    SOUTH_ASIAN_INDIAN: _words(
        "Patel Singh Kaur Sharma Kumar Gill Sandhu Sidhu Dhillon Mistry Parmar Chauhan Shah "
        "Joshi Mehta Bains"
    ),
    BLACK_AFRICAN: _words(
        "Okafor Adeyemi Okonkwo Mensah Boateng Asante Osei Adebayo Oladipo Eze Nwosu Mohamed "
        "Abdi Hassan Warsame Mwangi Banda Phiri Owusu Afolabi"
    ),
    BLACK_CARIBBEAN: _words(
        "Campbell Brown Francis Grant Reid Clarke Thomas Bailey Henry Lawrence Gordon Morgan "
        "Edwards Samuels Forbes Spencer"
    ),
    CHINESE: ("Wang", "Li", "Zhang", "Chen", "Liu", "Wong", "Chan", "Lam", "Ng", "Cheung"),
    ARAB_OTHER: _words(
        "Haddad Mansour Saleh Nasser Karimi Ahmadi Rostami Yilmaz Demir Aziz Hamid Jaber Said Abbas"
    ),
}

# Census ethnicity code -> the name groups its families draw from.
NAME_GROUPS_BY_ETHNICITY: Final[dict[str, tuple[str, ...]]] = {
    "WBRI": (WHITE_BRITISH,),
    "WIRI": (IRISH,),
    "WIRT": (IRISH,),
    "WOTH": (EASTERN_EUROPEAN,),
    "WROM": (EASTERN_EUROPEAN,),
    "MWBC": (WHITE_BRITISH, BLACK_CARIBBEAN),
    "MWBA": (WHITE_BRITISH, BLACK_AFRICAN),
    "MWAS": (WHITE_BRITISH, SOUTH_ASIAN_MUSLIM),
    "MOTH": (WHITE_BRITISH, ARAB_OTHER),
    "AIND": (SOUTH_ASIAN_INDIAN,),
    "APKN": (SOUTH_ASIAN_MUSLIM,),
    "ABAN": (SOUTH_ASIAN_MUSLIM,),
    "AOTH": (SOUTH_ASIAN_INDIAN, SOUTH_ASIAN_MUSLIM),
    "BCRB": (BLACK_CARIBBEAN,),
    "BAFR": (BLACK_AFRICAN,),
    "BOTH": (BLACK_AFRICAN, BLACK_CARIBBEAN),
    "CHNE": (CHINESE,),
    "OOTH": (ARAB_OTHER,),
    "REFU": (WHITE_BRITISH,),
    "NOBT": (WHITE_BRITISH,),
}

# Street names: a first part and a kind. Combined, they read like an English city's streets
# without naming a real one in particular.
STREET_FIRST_PARTS: Final = (
    "Alder",
    "Ash",
    "Aspen",
    "Beech",
    "Birch",
    "Bramble",
    "Bridge",
    "Brook",
    "Canal",
    "Castle",
    "Cedar",
    "Chapel",
    "Cherry",
    "Church",
    "Clover",
    "Colliery",
    "Copper",
    "Corn",
    "Cotton",
    "Cross",
    "Dale",
    "Elm",
    "Fern",
    "Field",
    "Forge",
    "Fountain",
    "Foundry",
    "Glebe",
    "Granary",
    "Hawthorn",
    "Hazel",
    "Heath",
    "Heron",
    "Holly",
    "Ivy",
    "Juniper",
    "Kestrel",
    "Kiln",
    "Lark",
    "Laurel",
    "Lime",
    "Linden",
    "Lock",
    "Maple",
    "Market",
    "Meadow",
    "Mill",
    "Moor",
    "Nettle",
    "Northgate",
    "Oak",
    "Orchard",
    "Osier",
    "Pennine",
    "Pinfold",
    "Plover",
    "Poplar",
    "Quarry",
    "Railway",
    "Reed",
    "Rowan",
    "Rope",
    "Saxon",
    "Sorrel",
    "Spinner",
    "Spring",
    "Station",
    "Sycamore",
    "Tanner",
    "Teasel",
    "Thistle",
    "Tithe",
    "Tower",
    "Vale",
    "Viaduct",
    "Weaver",
    "Well",
    "Willow",
    "Wharf",
    "Windmill",
    "Wren",
    "Yew",
)
STREET_KINDS: Final = (
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Grove",
    "Terrace",
    "Way",
    "Drive",
    "Place",
    "Crescent",
    "Gardens",
    "Walk",
    "Row",
    "Court",
)
CITY: Final = "Northbridge"
# Letters allowed in the last two places of a UK inward code (never C, I, K, M, O or V).
INWARD_LETTERS: Final = "ABDEFGHJLNPQRSTUWXYZ"
POSTCODE_AREA: Final = "NB"
POSTCODE_DISTRICTS: Final = 20

# Ofcom keeps 01632 960000-960999 for drama, so these numbers reach nobody.
FICTION_PHONE_PREFIX: Final = "01632 960"
EMAIL_DOMAIN: Final = "northbridge.example"

# The demo's partner agencies (`demo.partners` creates them). The generator names them on
# contacts sent through a partner's system and on the front door's information requests;
# `demo.partners` turns the names into the organisations' ids once they exist.
PARTNER_SCHOOL: Final = "Northbridge Academy"
PARTNER_GP_PRACTICE: Final = "Riverside Medical Practice"
PARTNER_EMERGENCY_DEPARTMENT: Final = "Northbridge General Hospital emergency department"
PARTNER_POLICE: Final = "Northbridge Police safeguarding hub"
# A health visitor of this service leads some families' family help (generator.family_help).
PARTNER_HEALTH_VISITING: Final = "Northbridge Health Visiting Service"
