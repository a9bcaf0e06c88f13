"""Care leavers: eligibility for leaving-care support, the needs assessment, the pathway plan
and its reviews, the personal adviser, and how each young person is doing (in touch,
accommodation, activity) around their birthdays from 17 to 21 (Children (Leaving Care) Act
2000; Care Leavers (England) Regulations 2010)."""
