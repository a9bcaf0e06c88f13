"""Names and streets for bench/linkage_data.py: common British first names and surnames,
their short forms and other spellings, written here for the held-out data set.

Kept apart from the project's own name data (`safeguard.demo.names`, the `nicknames` package,
`people.search_keys`), so that the held-out set does not share the model's view of which
names go together. Every list is in rough order of how common the name is in England and
Wales (most common first); the generator weighs them that way. These are names, not people:
every child made from them is generated.
"""

from __future__ import annotations

GIRLS = """
Olivia Amelia Isla Ava Lily Mia Freya Ivy Florence Grace Isabella Willow Rosie Sophia
Evie Ella Poppy Charlotte Emily Elsie Daisy Sophie Sienna Evelyn Alice Phoebe Matilda
Ruby Harper Sofia Millie Maya Emilia Isabelle Eva Luna Jessica Chloe Scarlett Ellie
Aria Layla Eleanor Esme Mila Thea Lucy Holly Maisie Imogen Erin Hannah Elizabeth Katie
Megan Lola Zara Aisha Amber Molly Lacey Bella Abigail Georgia Harriet Lottie Victoria
Rebecca Katherine Margaret Josephine Penelope Natasha Alexandra Samantha Gabriella
Jennifer Francesca Georgina Eliza Niamh Caitlin Aimee Zoe Leah Darcey Skye Nancy Iris
Mabel Hallie Ada Violet Beatrice Rose Edith Martha Anna Amira Fatima Maryam Hafsa
Khadija Priya Aaliyah Amelie Summer Robyn Kayla Jasmine Paige Tia Courtney Shannon Demi
Kacey Olive Clara Heidi Hollie Tilly Lilly Orla Lyla Ayesha Zainab Safa Anaya Nina Lena
Rosa Lila Eve Bethany Chelsea Jade Kelsey Kirsty Lauren Naomi Ruth Sarah Laura Emma Amy
Jodie Keira Eden Esther Lydia Maria Julia Hope Faith Melissa Nadia Sana Inaya Hanna
Lily-Rose Ellie-Mae Amelia-Rose Frances Helena Philippa Madeleine Annabel Caroline
Rosalind Theresa Louisa Evangeline Dorothy Imani Precious Blessing Chanel Ebony
"""

BOYS = """
Oliver George Noah Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack
Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy
Alexander Luca Edward James Joshua Albie Elijah Max Mohammed Reuben Mason Sebastian
Rory Jude Louie Benjamin Ethan Adam Hugo Joseph Reggie Ronnie Louis Frankie Hunter Ezra
Toby Harrison Jaxon Albert Samuel Daniel Zachary Elliot Dylan Stanley Ralph Finn Otis
Jenson Jesse Harvey Ollie Jake Alfred Frederick Felix Logan Riley Michael Matthew Ryan
Liam Nathan Lewis Kai Tyler Callum Connor Kyle Jamie Aaron Owen Caleb Nathaniel Patrick
Christopher Nicholas Jonathan Anthony Robert Richard Stephen Charles Bobby Ibrahim Yusuf
Ayaan Omar Hamza Ali Zain Aryan Rohan Kian Declan Cian Oisin Jayden Bradley Kieran
Jordan Marcus Rafael Ahmed Bilal Idris Musa Yahya Eesa Ishaan Arjun Dev Kayden Mikey
Alex Ben Sam Joe Tom Dan Luke John David Andrew Mark Paul Peter Simon Gareth Rhys Dafydd
Ewan Fraser Angus Hamish Lachlan Ruaridh Conor Shay Brandon Corey Reece Jordan-Lee
Kacper Jakub Filip Oskar Antoni Mateo Santiago Leon Emmanuel Tobi Kwame Kofi Chidi
Reginald Archibald Maximilian Francis Ronald Edmund Rupert Barnaby Wilfred Percy Albie-James
"""

SURNAMES = """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly
Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall
Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray
Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd
Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed
Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford
Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton
O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson
Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry
Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson
Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns
Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald
Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers
O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George
Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miah Rahman Islam
Chowdhury Uddin Akhtar Iqbal Mahmood Nowak Kowalski Wisniewski Mensah Okafor Adeyemi
Okonkwo Boateng Nguyen Chen Wong Mistry Sharma Chauhan Joshi Kumar Evans-Hughes
Lloyd-Jones Price-Davies MacLeod McKenzie Fitzgerald D'Souza Da Silva Van der Berg
"""

# The second part of a hyphenated first name (Lily-Rose, Albie-James), by sex.
SECOND_PARTS = {
    "F": ("Rose", "Mae", "May", "Grace", "Jane", "Louise", "Marie", "Ann", "Leigh"),
    "M": ("James", "Lee", "Jay", "John", "Ray", "Joe"),
}

# Formal names and the short forms British families use for them. Both directions happen:
# a school roll says "Lottie" where the GP's record says "Charlotte", and the other way round.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "Charlotte": ("Lottie", "Charlie"),
    "Jacob": ("Jake", "Jakey"),
    "Oliver": ("Olly", "Ollie"),
    "Alfred": ("Alfie", "Alf"),
    "Eleanor": ("Ellie", "Nell", "Nellie"),
    "Elizabeth": ("Lizzie", "Libby", "Beth", "Eliza", "Betsy"),
    "Henry": ("Harry", "Hal"),
    "Harrison": ("Harry",),
    "William": ("Will", "Billy", "Liam"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jamie", "Jim", "Jimmy"),
    "Joseph": ("Joe", "Joey"),
    "Samuel": ("Sam", "Sammy"),
    "Benjamin": ("Ben", "Benji"),
    "Alexander": ("Alex", "Xander", "Sandy"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt", "Matty"),
    "Christopher": ("Chris", "Kit"),
    "Nicholas": ("Nick", "Nicky"),
    "Jonathan": ("Jon", "Jonny"),
    "Edward": ("Eddie", "Ed", "Ted", "Teddy", "Ned"),
    "Frederick": ("Freddie", "Fred", "Freddy"),
    "Theodore": ("Theo", "Teddy"),
    "Archibald": ("Archie",),
    "Maximilian": ("Max",),
    "Zachary": ("Zach", "Zac"),
    "Nathaniel": ("Nate", "Nat"),
    "Joshua": ("Josh",),
    "Michael": ("Mikey", "Mike"),
    "Patrick": ("Paddy", "Pat"),
    "Anthony": ("Tony", "Ant"),
    "Robert": ("Rob", "Robbie", "Bobby", "Bob"),
    "Richard": ("Rich", "Richie", "Ricky"),
    "Stephen": ("Steve", "Stevie"),
    "Charles": ("Charlie", "Chas"),
    "Francis": ("Frankie", "Frank"),
    "Albert": ("Albie", "Bertie", "Bert"),
    "Reginald": ("Reggie", "Reg"),
    "Ronald": ("Ronnie", "Ron"),
    "Stanley": ("Stan",),
    "Sebastian": ("Seb", "Sebby"),
    "Wilfred": ("Wilf", "Alfie"),
    "Edmund": ("Ed", "Eddie", "Ned"),
    "Rupert": ("Rupe",),
    "Barnaby": ("Barney",),
    "Katherine": ("Kate", "Katie", "Kitty", "Kat"),
    "Margaret": ("Maggie", "Meg", "Peggy", "Daisy"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Isabella": ("Bella", "Izzy", "Issy"),
    "Isabelle": ("Izzy", "Belle"),
    "Amelia": ("Millie", "Amy"),
    "Emily": ("Emmy", "Em", "Millie"),
    "Florence": ("Flo", "Florrie"),
    "Abigail": ("Abi", "Abby", "Gail"),
    "Olivia": ("Liv", "Livvy"),
    "Penelope": ("Penny", "Pippa"),
    "Georgina": ("Georgie", "Gina"),
    "Georgia": ("Georgie",),
    "Harriet": ("Hattie", "Harri"),
    "Matilda": ("Tilly", "Tilda", "Mattie"),
    "Josephine": ("Josie", "Jo"),
    "Jessica": ("Jess", "Jessie"),
    "Natasha": ("Tasha", "Tash"),
    "Gabriella": ("Gabby", "Ella"),
    "Alexandra": ("Alex", "Lexi", "Sasha"),
    "Samantha": ("Sam", "Sammy"),
    "Louisa": ("Lou", "Lulu"),
    "Jennifer": ("Jenny", "Jen"),
    "Francesca": ("Frankie", "Fran", "Chessie"),
    "Frances": ("Frankie", "Fran"),
    "Evelyn": ("Evie", "Eve"),
    "Sophia": ("Sophie", "Soph"),
    "Dorothy": ("Dot", "Dolly"),
    "Imogen": ("Immy",),
    "Annabel": ("Annie", "Bella"),
    "Madeleine": ("Maddie", "Maddy"),
    "Caroline": ("Carrie", "Caz"),
    "Rosalind": ("Rosie", "Ros"),
    "Helena": ("Nell", "Lena"),
    "Theresa": ("Tess", "Tessa"),
    "Philippa": ("Pippa", "Pip"),
    "Evangeline": ("Evie", "Eva"),
    "Muhammad": ("Mo",),
    "Mohammed": ("Mo",),
    "John": ("Johnny", "Jack"),
    "David": ("Dave", "Davey"),
    "Andrew": ("Andy", "Drew"),
    "Peter": ("Pete",),
    "Emmanuel": ("Manny",),
}

# One name, other spellings: what a receptionist types from hearing the name said.
SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("Muhammad", "Mohammed", "Mohammad", "Mohamed"),
    ("Aimee", "Amy", "Amie"),
    ("Zoe", "Zoey", "Zoie"),
    ("Sophia", "Sofia"),
    ("Isabel", "Isabelle", "Isobel"),
    ("Layla", "Leila", "Laila"),
    ("Caitlin", "Kaitlyn", "Katelyn"),
    ("Katherine", "Catherine", "Kathryn"),
    ("Stephen", "Steven"),
    ("Jayden", "Jaiden", "Jaden"),
    ("Louie", "Louis"),
    ("Freddie", "Freddy"),
    ("Ollie", "Olly"),
    ("Niamh", "Neve", "Neave"),
    ("Connor", "Conor"),
    ("Callum", "Calum"),
    ("Aaliyah", "Aliyah", "Aleah"),
    ("Eleanor", "Elinor", "Eleanore"),
    ("Ellie", "Elly"),
    ("Lacey", "Lacie"),
    ("Kacey", "Casey", "Kaycee"),
    ("Darcey", "Darcy", "Darci"),
    ("Maya", "Mya"),
    ("Phoebe", "Pheobe"),
    ("Esme", "Esmee"),
    ("Millie", "Milly"),
    ("Hollie", "Holly"),
    ("Lilly", "Lily", "Lillie"),
    ("Sienna", "Siena"),
    ("Rhys", "Reece", "Reese"),
    ("Kian", "Kyan"),
    ("Ayaan", "Ayan"),
    ("Yusuf", "Yusef", "Yousef"),
    ("Ibrahim", "Ebrahim"),
    ("Fatima", "Fatimah"),
    ("Aisha", "Ayesha", "Aysha"),
    ("Maryam", "Mariam"),
    ("Hafsa", "Hafsah"),
    ("Khadija", "Khadijah"),
    ("Jasmine", "Jasmin", "Yasmin"),
    ("Harvey", "Harvie"),
    ("Jaxon", "Jackson"),
    ("Elliot", "Elliott"),
    ("Cian", "Kian"),
    ("Tilly", "Tillie"),
    ("Hallie", "Hayley", "Haley"),
    ("Jenson", "Jensen"),
    ("Lyla", "Lila"),
)

# Twins whose parents chose names a letter or two apart: the hardest pairs for a model that
# forgives a one-letter typo.
TWIN_NAMES_ALIKE: tuple[tuple[str, str, str, str], ...] = (
    # (first name, sex, second name, sex)
    ("Jack", "M", "Jake", "M"),
    ("Ava", "F", "Eva", "F"),
    ("Alfie", "M", "Albie", "M"),
    ("Lily", "F", "Lila", "F"),
    ("Maya", "F", "Mia", "F"),
    ("Finn", "M", "Flynn", "M"),
    ("Rosie", "F", "Rosa", "F"),
    ("Ella", "F", "Ellie", "F"),
    ("Leo", "M", "Lea", "F"),
    ("Harvey", "M", "Harley", "M"),
)

STREET_NAMES = """
Mill Church Station Park Victoria Albert Queens Kings Manor Grange Meadow Orchard Willow
Oak Ash Beech Elm Chestnut Hawthorn Rowan Cedar Birch Primrose Bluebell Clover Heather
Fern Laburnum Lime Maple Poplar Sycamore Windmill Bridge Castle Abbey Priory Chapel
School Market High North South East West New Green Hill Valley River Brook Canal Wharf
Quarry Forge Foundry Kiln Weavers Spinners Coronation Jubilee Carlton Belmont Clarendon
Stanley Palmerston Gladstone Nelson Wellington Trafalgar Waterloo Cromwell Blenheim
Balmoral Windsor Sandringham Cavendish Grosvenor Russell Marlborough Devonshire Lancaster
York Durham Chester Lincoln Warwick Stafford Salisbury Richmond Hampton Ashby Fairfield
Highfield Springfield Westfield Brookfield Greenfield Moorland Woodland Hillside Riverside
Lakeside Ferndale Rosedale Thornton Ashton Milton Bradshaw Hollins Kingsley Oakwood
"""

# Street kinds, each with the abbreviation people write.
STREET_KINDS: dict[str, str] = {
    "Road": "Rd",
    "Street": "St",
    "Avenue": "Ave",
    "Close": "Cl",
    "Lane": "Ln",
    "Drive": "Dr",
    "Way": "Way",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Grove": "Gr",
    "Place": "Pl",
    "Terrace": "Terr",
    "Court": "Ct",
    "View": "View",
    "Walk": "Wlk",
    "Rise": "Rise",
    "Mews": "Mews",
}

TOWN = "Quarrybridge"


def words(text: str) -> list[str]:
    return text.split()
