"""The exact expected answers of the named queries on the seed article, shared by the in-process
(tests/unit/test_queries_answers.py), command-line and HTTP tests, and the row compaction they compare with."""

from govkg.sparql import named, table

V = "gkr:kz-kg-government-visit/"
#: The second report (the official visit of April 2024): its nodes, its article, its sentences.
R2_SLUG = "kg-president-official-visit-to-kazakhstan-2024-04"
R2 = f"gkr:{R2_SLUG}/"
SEED_ARTICLE, R2_ARTICLE = "gkr:article/kz-kg-government-visit", f"gkr:article/{R2_SLUG}"
LIBRARY = named.library()
LOCAL = sorted(name for name, query in LIBRARY.items() if not query.network)

EXPECTED = {
    "agricultural-measures": (
        ('commitment', 'measure', 'measureLabel', 'alsoSector'),
        {
            ('v:AgricultureCommitment', 'v:AgriculturalResearchInteractionMeasure', 'Continue active interaction between research institutes and agricultural universities of the two countries@en', 'gks:education'),
            ('v:AgricultureCommitment', 'v:JointAgriculturalProjectsMeasure', 'Launch joint agricultural projects@en', ''),
            ('v:AgricultureCommitment', 'v:MutualSuppliesMeasure', 'Increase mutual supplies of agricultural products@en', 'gks:trade'),
        },
    ),
    "checkpoints": (
        ('checkpoint', 'name', 'border', 'document', 'documentState', 'untilYear'),
        {
            ('gkr:AishaBibiCheckpoint', 'Aisha Bibi checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
            ('gkr:AukhattyCheckpoint', 'Aukhatty checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
            ('gkr:BesagashCheckpoint', 'Besagash checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
            ('gkr:KarasuCheckpoint', 'Karasu checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
            ('gkr:KegenCheckpoint', 'Kegen checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
            ('gkr:SartobeCheckpoint', 'Sartobe checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
            ('gkr:SypatayBatyrCheckpoint', 'Sypatay Batyr checkpoint@en', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030', 'gkr:Kazakhstan', '2030'),
        },
    ),
    "events-in-place": (
        ('place', 'event', 'kind'),
        {
            ('gkr:Kyrgyzstan', 'v:EducationCultureTourismDiscussion', 'gko:Discussion'),
            ('gkr:Kyrgyzstan', 'v:ForthcomingVisitPreparation', 'gko:Discussion'),
            ('gkr:Kyrgyzstan', 'v:Greetings', 'gko:ConveyanceOfGreetings'),
            ('gkr:Kyrgyzstan', 'v:Negotiations', 'gko:GovernmentLevelNegotiations'),
            ('gkr:Kyrgyzstan', 'v:Reception', 'gko:Reception'),
            ('gkr:Kyrgyzstan', 'v:SpecificProjectsDiscussion', 'gko:Discussion'),
            ('gkr:Kyrgyzstan', 'v:TradeTurnoverDiscussion', 'gko:Discussion'),
            ('gkr:Kyrgyzstan', 'v:Visit', 'gko:ShortTermVisit'),
            ('gkr:Kyrgyzstan', 'v:Visit', 'gko:WorkingVisit'),
        },
    ),
    "expected-effects": (
        ('effect', 'effectKind', 'project', 'sector'),
        {
            ('v:MultiplierEffect', 'multiplier effect', 'gkr:IndustrialTradeAndLogisticsComplexProject', 'gks:economic'),
            ('v:MultiplierEffect', 'multiplier effect', 'gkr:IndustrialTradeAndLogisticsComplexProject', 'gks:investment'),
            ('v:MultiplierEffect', 'multiplier effect', 'gkr:IndustrialTradeAndLogisticsComplexProject', 'gks:trade'),
        },
    ),
    "export-offer": (
        ('statement', 'readyState', 'indicator', 'commodityItems', 'value', 'currency', 'sentenceText'),
        {
            ('v:ExportReadiness', 'gkr:Kazakhstan', 'gkr:KazakhstanExportsToKyrgyzstan', '195', '260000000', 'USD', 'Kazakhstan is ready to increase exports of 195 commodity items worth $260 million.@en'),
        },
    ),
    "future-events": (
        ('what', 'kind', 'who', 'where', 'year'),
        {
            ('gkr:TransitAndTransportPotentialConcept2030Period', 'gko:Period', '', '', '2030'),
            ('v:ForthcomingOfficialVisit', 'gko:OfficialVisit', 'gkr:SadyrJaparov', 'gkr:Kazakhstan', ''),
            ('v:GrowingSeason2024', 'gko:GrowingSeason', '', '', '2024'),
        },
    ),
    "greetings": (
        ('greetings', 'conveyedBy', 'from', 'to', 'duringMeeting', 'city'),
        {
            ('v:Greetings', 'gkr:OlzhasBektenov', 'gkr:KassymJomartTokayev', 'gkr:SadyrJaparov', 'v:Reception', 'gkr:Bishkek'),
        },
    ),
    "heads-of-state-and-government": (
        ('state', 'role', 'person', 'post'),
        {
            ('gkr:Kazakhstan', 'gko:HeadOfGovernment', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan'),
            ('gkr:Kazakhstan', 'gko:HeadOfState', 'gkr:KassymJomartTokayev', 'gkr:PresidentOfKazakhstan'),
            ('gkr:Kyrgyzstan', 'gko:HeadOfState', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan'),
        },
    ),
    "issues-raised": (
        ('issue', 'kind', 'by', 'about', 'sector', 'year'),
        {
            ('v:EducationCultureTourismDiscussion', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', '', 'gks:culture', ''),
            ('v:EducationCultureTourismDiscussion', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', '', 'gks:education', ''),
            ('v:EducationCultureTourismDiscussion', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', '', 'gks:tourism', ''),
            ('v:EducationCultureTourismDiscussion', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', '', 'gks:culture', ''),
            ('v:EducationCultureTourismDiscussion', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', '', 'gks:education', ''),
            ('v:EducationCultureTourismDiscussion', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', '', 'gks:tourism', ''),
            ('v:ForthcomingVisitPreparation', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', 'v:ForthcomingOfficialVisit', '', ''),
            ('v:ForthcomingVisitPreparation', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', 'v:ForthcomingOfficialVisit', '', ''),
            ('v:SpecificProjectsDiscussion', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', '', 'gks:economic', ''),
            ('v:SpecificProjectsDiscussion', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', '', 'gks:trade', ''),
            ('v:SpecificProjectsDiscussion', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', '', 'gks:economic', ''),
            ('v:SpecificProjectsDiscussion', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', '', 'gks:trade', ''),
            ('v:TradeTurnoverDiscussion', 'gko:Discussion', 'gkr:CabinetOfMinistersOfKyrgyzstan', 'v:TradeTurnoverTarget', 'gks:trade', ''),
            ('v:TradeTurnoverDiscussion', 'gko:Discussion', 'gkr:GovernmentOfKazakhstan', 'v:TradeTurnoverTarget', 'gks:trade', ''),
            ('v:WaterRegimesIssue', 'gko:IssueRaised', 'gkr:OlzhasBektenov', 'v:WaterFacilityOperationRegimes2024', 'gks:waterManagement', '2024'),
        },
    ),
    "modality-counts": (
        ('modality', 'modalityName', 'statements'),
        {
            ('gkr:modality/assessment', 'assessment@en', '1'),
            ('gkr:modality/commitment', 'commitment@en', '4'),
            ('gkr:modality/expectedEffect', 'expected effect@en', '1'),
            ('gkr:modality/issueRaised', 'issue raised@en', '1'),
            ('gkr:modality/observation', 'observation@en', '1'),
            ('gkr:modality/plan', 'plan@en', '2'),
            ('gkr:modality/readiness', 'readiness@en', '3'),
            ('gkr:modality/target', 'target@en', '1'),
            ('gkr:modality/task', 'task@en', '1'),
        },
    ),
    # Issue 14: the statements made at the negotiations roll up to its topics (agriculture, water, transit...).
    "negotiation-topics": (
        ('negotiations', 'topic'),
        {
            ('v:Negotiations', 'gkr:IndustrialTradeAndLogisticsComplexProject'),
            ('v:Negotiations', 'gkr:KazakhstanKyrgyzstanBorder'),
            ('v:Negotiations', 'gks:agriculture'),
            ('v:Negotiations', 'gks:construction'),
            ('v:Negotiations', 'gks:culture'),
            ('v:Negotiations', 'gks:economic'),
            ('v:Negotiations', 'gks:education'),
            ('v:Negotiations', 'gks:food'),
            ('v:Negotiations', 'gks:industrial'),
            ('v:Negotiations', 'gks:investment'),
            ('v:Negotiations', 'gks:petrochemical'),
            ('v:Negotiations', 'gks:pharmaceutical'),
            ('v:Negotiations', 'gks:tourism'),
            ('v:Negotiations', 'gks:trade'),
            ('v:Negotiations', 'gks:transitAndTransport'),
            ('v:Negotiations', 'gks:waterManagement'),
            ('v:Negotiations', 'v:ForthcomingOfficialVisit'),
            ('v:Negotiations', 'v:TasksSetByHeadsOfState'),
            ('v:Negotiations', 'v:TradeTurnoverTarget'),
            ('v:Negotiations', 'v:WaterFacilityOperationRegimes2024'),
        },
    ),
    "negotiations": (
        ('negotiations', 'level', 'party', 'person', 'capacity'),
        {
            ('v:Negotiations', 'gko:GovernmentLevelNegotiations', 'gkr:CabinetOfMinistersOfKyrgyzstan', 'gkr:AkylbekJaparov', 'gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan'),
            ('v:Negotiations', 'gko:GovernmentLevelNegotiations', 'gkr:CabinetOfMinistersOfKyrgyzstan', 'gkr:AkylbekJaparov', 'gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan'),
            ('v:Negotiations', 'gko:GovernmentLevelNegotiations', 'gkr:GovernmentOfKazakhstan', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan'),
        },
    ),
    "neighbours": (
        ('state', 'neighbour', 'border', 'facility'),
        {
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:AishaBibiCheckpoint'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:AukhattyCheckpoint'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:BesagashCheckpoint'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:IndustrialTradeAndLogisticsComplex'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:KarasuCheckpoint'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:KegenCheckpoint'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:SartobeCheckpoint'),
            ('gkr:Kyrgyzstan', 'gkr:Kazakhstan', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:SypatayBatyrCheckpoint'),
        },
    ),
    "officials-of-states": (
        ('state', 'person', 'post'),
        {
            ('gkr:Kazakhstan', 'gkr:KassymJomartTokayev', 'gkr:PresidentOfKazakhstan'),
            ('gkr:Kazakhstan', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan'),
            ('gkr:Kyrgyzstan', 'gkr:AkylbekJaparov', 'gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan'),
            ('gkr:Kyrgyzstan', 'gkr:AkylbekJaparov', 'gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan'),
            ('gkr:Kyrgyzstan', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan'),
        },
    ),
    "participants-and-roles": (  # not the forthcoming visit: it has not taken place (issue 14; scheduled-events)
        ('event', 'agent', 'capacity'),
        {
            ('v:Greetings', 'gkr:OlzhasBektenov', ''),
            ('v:Greetings', 'gkr:SadyrJaparov', ''),
            ('v:Negotiations', 'gkr:AkylbekJaparov', 'gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan'),
            ('v:Negotiations', 'gkr:AkylbekJaparov', 'gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan'),
            ('v:Negotiations', 'gkr:CabinetOfMinistersOfKyrgyzstan', ''),
            ('v:Negotiations', 'gkr:GovernmentOfKazakhstan', ''),
            ('v:Negotiations', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan'),
            ('v:Reception', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan'),
            ('v:Reception', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan'),
            ('v:Visit', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan'),
        },
    ),
    "people-with-several-posts": (
        ('person', 'post', 'posts'),
        {
            ('gkr:AkylbekJaparov', 'gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan', '2'),
            ('gkr:AkylbekJaparov', 'gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan', '2'),
        },
    ),
    "planned-infrastructure": (
        ('plan', 'project', 'facility', 'facilityKind', 'border', 'envisagedBy'),
        {
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:AishaBibiCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:AukhattyCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:BesagashCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:KarasuCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:KegenCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:SartobeCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:CheckpointsPlan', 'gkr:BorderCheckpointsProject', 'gkr:SypatayBatyrCheckpoint', 'gko:BorderCheckpoint', 'gkr:KazakhstanKyrgyzstanBorder', 'gkr:TransitAndTransportPotentialConcept2030'),
            ('v:LogisticsComplexPlan', 'gkr:IndustrialTradeAndLogisticsComplexProject', 'gkr:IndustrialTradeAndLogisticsComplex', 'gko:LogisticsComplex', 'gkr:KazakhstanKyrgyzstanBorder', ''),
        },
    ),
    "posts-held": (
        ('person', 'post', 'postLabel', 'organization', 'state'),
        {
            ('gkr:AkylbekJaparov', 'gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan', 'Chairman of the Cabinet of Ministers of Kyrgyzstan@en', 'gkr:CabinetOfMinistersOfKyrgyzstan', 'gkr:Kyrgyzstan'),
            ('gkr:AkylbekJaparov', 'gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan', 'Head of the Administration of the President of Kyrgyzstan@en', 'gkr:PresidentialAdministrationOfKyrgyzstan', 'gkr:Kyrgyzstan'),
            ('gkr:KassymJomartTokayev', 'gkr:PresidentOfKazakhstan', 'President of the Republic of Kazakhstan@en', 'gkr:Kazakhstan', 'gkr:Kazakhstan'),
            ('gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan', 'Prime Minister of the Republic of Kazakhstan@en', 'gkr:GovernmentOfKazakhstan', 'gkr:Kazakhstan'),
            ('gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan', 'President of Kyrgyzstan@en', 'gkr:Kyrgyzstan', 'gkr:Kyrgyzstan'),
        },
    ),
    "receptions": (
        ('reception', 'host', 'hostRole', 'guest', 'guestRole', 'place', 'duringVisit'),
        {
            ('v:Reception', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan', 'gkr:Bishkek', 'v:Visit'),
        },
    ),
    "sentences-about": (
        ('entity', 'article', 'position', 'text', 'via'),
        {
            ('gkr:SadyrJaparov', 'gkr:article/kz-kg-government-visit', '2', 'In Bishkek, the Head of Government of Kazakhstan was received by the President of Kyrgyzstan Sadyr Japarov.@en', 'v:Reception'),
            ('gkr:SadyrJaparov', 'gkr:article/kz-kg-government-visit', '2', 'In Bishkek, the Head of Government of Kazakhstan was received by the President of Kyrgyzstan Sadyr Japarov.@en', 'v:ReceptionParticipationSadyrJaparov'),
            ('gkr:SadyrJaparov', 'gkr:article/kz-kg-government-visit', '3', 'Olzhas Bektenov conveyed words of greetings from the Head of State Kassym-Jomart Tokayev and expressed the readiness of the Government of Kazakhstan to make every effort to ensure the progressive development of trade and economic cooperation.@en', 'v:Greetings'),
            ('gkr:SadyrJaparov', 'gkr:article/kz-kg-government-visit', '4', 'During the negotiations at the Government level with the Chairman of the Cabinet of Ministers - Head of the Administration of the President of Kyrgyzstan Akylbek Japarov the issue of preparation for the forthcoming official visit of the President of Kyrgyzstan Sadyr Japarov to Kazakhstan was considered.@en', 'v:ForthcomingOfficialVisit'),
            ('gkr:SadyrJaparov', 'gkr:article/kz-kg-government-visit', '4', 'During the negotiations at the Government level with the Chairman of the Cabinet of Ministers - Head of the Administration of the President of Kyrgyzstan Akylbek Japarov the issue of preparation for the forthcoming official visit of the President of Kyrgyzstan Sadyr Japarov to Kazakhstan was considered.@en', 'v:ForthcomingVisitParticipationSadyrJaparov'),
            ('gkr:SadyrJaparov', 'gkr:article/kz-kg-government-visit', '16', 'As a result of the talks, the parties confirmed their readiness to fully realise all the tasks set by the heads of two states and raise Kazakhstan-Kyrgyzstan cooperation to a new level.@en', 'v:TasksSetByHeadsOfState'),
        },
    ),
    "scheduled-events": (
        ('event', 'agent', 'capacity', 'place'),
        {('v:ForthcomingOfficialVisit', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan', 'gkr:Kazakhstan')},
    ),
    "sectors-with-potential": (
        ('assessment', 'sector', 'sectorName', 'broader'),
        {
            ('v:SectorPotential', 'gks:construction', 'construction@en', ''),
            ('v:SectorPotential', 'gks:food', 'food industry@en', 'gks:industrial'),
            ('v:SectorPotential', 'gks:industrial', 'industry@en', ''),
            ('v:SectorPotential', 'gks:petrochemical', 'petrochemical industry@en', 'gks:industrial'),
            ('v:SectorPotential', 'gks:pharmaceutical', 'pharmaceutical industry@en', 'gks:industrial'),
        },
    ),
    "spheres-discussed": (
        ('discussion', 'sphere', 'matter'),
        {
            ('v:EducationCultureTourismDiscussion', 'gks:culture', ''),
            ('v:EducationCultureTourismDiscussion', 'gks:education', ''),
            ('v:EducationCultureTourismDiscussion', 'gks:tourism', ''),
            ('v:ForthcomingVisitPreparation', '', 'v:ForthcomingOfficialVisit'),
            ('v:SpecificProjectsDiscussion', 'gks:economic', ''),
            ('v:SpecificProjectsDiscussion', 'gks:trade', ''),
            ('v:TradeTurnoverDiscussion', '', 'v:TradeTurnoverTarget'),
            ('v:TradeTurnoverDiscussion', 'gks:trade', ''),
        },
    ),
    "stated-during-visit": (
        ('visit', 'statement', 'madeAt'),
        {
            ('v:Visit', 'v:AgriculturalResearchInteractionMeasure', 'v:Negotiations'),
            ('v:Visit', 'v:AgricultureCommitment', 'v:Negotiations'),
            ('v:Visit', 'v:BorderCapacityWork', 'v:Negotiations'),
            ('v:Visit', 'v:ConfirmedReadiness', 'v:Negotiations'),
            ('v:Visit', 'v:ExportReadiness', 'v:Negotiations'),
            ('v:Visit', 'v:GovernmentReadiness', 'v:Reception'),
            ('v:Visit', 'v:JointAgriculturalProjectsMeasure', 'v:Negotiations'),
            ('v:Visit', 'v:LogisticsComplexPlan', 'v:Negotiations'),
            ('v:Visit', 'v:MultiplierEffect', 'v:Negotiations'),
            ('v:Visit', 'v:MutualSuppliesMeasure', 'v:Negotiations'),
            ('v:Visit', 'v:SectorPotential', 'v:Negotiations'),
            ('v:Visit', 'v:TradeTurnoverTarget', 'v:Negotiations'),
            ('v:Visit', 'v:WaterRegimesIssue', 'v:Negotiations'),
        },
    ),
    "statements-by-modality": (
        ('modality', 'statement', 'label', 'attributedTo'),
        {
            ('gkr:modality/assessment', 'v:SectorPotential', 'Wide potential in the food, industrial, petrochemical, construction, pharmaceutical and other sectors@en', ''),
            ('gkr:modality/commitment', 'v:AgriculturalResearchInteractionMeasure', 'Continue active interaction between research institutes and agricultural universities of the two countries@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/commitment', 'v:AgriculturalResearchInteractionMeasure', 'Continue active interaction between research institutes and agricultural universities of the two countries@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/commitment', 'v:AgricultureCommitment', 'The two governments will take measures to fully unlock the potential of cooperation in agriculture@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/commitment', 'v:AgricultureCommitment', 'The two governments will take measures to fully unlock the potential of cooperation in agriculture@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/commitment', 'v:JointAgriculturalProjectsMeasure', 'Launch joint agricultural projects@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/commitment', 'v:JointAgriculturalProjectsMeasure', 'Launch joint agricultural projects@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/commitment', 'v:MutualSuppliesMeasure', 'Increase mutual supplies of agricultural products@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/commitment', 'v:MutualSuppliesMeasure', 'Increase mutual supplies of agricultural products@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/expectedEffect', 'v:MultiplierEffect', 'The launch of the complex will have a multiplier effect and give an additional impetus to trade, economic and investment co-operation@en', ''),
            ('gkr:modality/issueRaised', 'v:WaterRegimesIssue', 'Importance of approving the operation regimes of interstate water management facilities for the 2024 growing season@en', 'gkr:OlzhasBektenov'),
            ('gkr:modality/observation', 'v:BorderCapacityWork', 'Dynamic work to increase the capacity of the Kazakhstan-Kyrgyz border and the attractiveness of transit for freight carriers@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/observation', 'v:BorderCapacityWork', 'Dynamic work to increase the capacity of the Kazakhstan-Kyrgyz border and the attractiveness of transit for freight carriers@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/plan', 'v:CheckpointsPlan', 'Construction and reconstruction of seven checkpoints envisaged by the Concept of development of transit and transport potential of Kazakhstan until 2030@en', ''),
            ('gkr:modality/plan', 'v:LogisticsComplexPlan', 'Plans to establish an Industrial Trade and Logistics Complex on the common border@en', ''),
            ('gkr:modality/readiness', 'v:ConfirmedReadiness', 'Readiness, confirmed by the parties, to fully realise all the tasks set by the heads of the two states and raise Kazakhstan-Kyrgyzstan cooperation to a new level@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/readiness', 'v:ConfirmedReadiness', 'Readiness, confirmed by the parties, to fully realise all the tasks set by the heads of the two states and raise Kazakhstan-Kyrgyzstan cooperation to a new level@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/readiness', 'v:ExportReadiness', 'Readiness of Kazakhstan to increase exports of 195 commodity items worth $260 million@en', 'gkr:Kazakhstan'),
            ('gkr:modality/readiness', 'v:GovernmentReadiness', 'Readiness of the Government of Kazakhstan to make every effort to ensure the progressive development of trade and economic cooperation@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/target', 'v:TradeTurnoverTarget', 'Target: bilateral trade turnover of $2 billion@en', 'gkr:CabinetOfMinistersOfKyrgyzstan'),
            ('gkr:modality/target', 'v:TradeTurnoverTarget', 'Target: bilateral trade turnover of $2 billion@en', 'gkr:GovernmentOfKazakhstan'),
            ('gkr:modality/task', 'v:TasksSetByHeadsOfState', 'Tasks set by the heads of state of Kazakhstan and Kyrgyzstan@en', 'gkr:KassymJomartTokayev'),
            ('gkr:modality/task', 'v:TasksSetByHeadsOfState', 'Tasks set by the heads of state of Kazakhstan and Kyrgyzstan@en', 'gkr:SadyrJaparov'),
        },
    ),
    "targets-and-amounts": (
        ('statement', 'kind', 'indicator', 'value', 'currency', 'commodityItems'),
        {
            ('v:ExportReadiness', 'gko:Readiness', 'gkr:KazakhstanExportsToKyrgyzstan', '260000000', 'USD', '195'),
            ('v:TradeTurnoverTarget', 'gko:Target', 'gkr:KazakhstanKyrgyzstanTradeTurnover', '2000000000', 'USD', ''),
        },
    ),
    "visits": (
        ('visit', 'visitor', 'role', 'hostState', 'city', 'onInstructionOf', 'forthcoming'),
        {
            ('v:ForthcomingOfficialVisit', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan', 'gkr:Kazakhstan', '', '', 'true'),
            ('v:Visit', 'gkr:OlzhasBektenov', 'gkr:PrimeMinisterOfKazakhstan', 'gkr:Kyrgyzstan', 'gkr:Bishkek', 'gkr:KassymJomartTokayev', 'false'),
        },
    ),
    "wikidata-ids": (
        ('entity', 'name', 'item', 'status'),
        {
            ('gkr:AishaBibiCheckpoint', 'Aisha Bibi checkpoint@en', '', 'unlinked'),
            ('gkr:AkylbekJaparov', 'Akylbek Japarov@en', 'wd:Q4060344', 'verified'),
            ('gkr:AukhattyCheckpoint', 'Aukhatty checkpoint@en', '', 'unlinked'),
            ('gkr:BesagashCheckpoint', 'Besagash checkpoint@en', '', 'unlinked'),
            ('gkr:Bishkek', 'Bishkek@en', 'wd:Q9361', 'verified'),
            ('gkr:CabinetOfMinistersOfKyrgyzstan', 'Cabinet of Ministers of the Kyrgyz Republic@en', 'wd:Q24031608', 'likely'),
            ('gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan', 'Chairman of the Cabinet of Ministers of Kyrgyzstan@en', 'wd:Q2333371', 'likely'),
            ('gkr:GovernmentOfKazakhstan', 'Government of the Republic of Kazakhstan@en', 'wd:Q3814905', 'likely'),
            ('gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan', 'Head of the Administration of the President of Kyrgyzstan@en', '', 'unlinked'),
            ('gkr:IndustrialTradeAndLogisticsComplex', 'Industrial Trade and Logistics Complex@en', '', 'unlinked'),
            ('gkr:KarasuCheckpoint', 'Karasu checkpoint@en', '', 'unlinked'),
            ('gkr:KassymJomartTokayev', 'Kassym-Jomart Tokayev@en', 'wd:Q200881', 'verified'),
            ('gkr:Kazakhstan', 'Kazakhstan@en', 'wd:Q232', 'verified'),
            ('gkr:KazakhstanKyrgyzstanBorder', 'Kazakhstan–Kyrgyzstan border@en', '', 'unlinked'),
            ('gkr:KazakhstanKyrgyzstanInterstateWaterManagementFacilities', 'water management facilities of interstate use of Kazakhstan and Kyrgyzstan@en', '', 'unlinked'),
            ('gkr:KegenCheckpoint', 'Kegen checkpoint@en', '', 'unlinked'),
            ('gkr:Kyrgyzstan', 'Kyrgyzstan@en', 'wd:Q813', 'verified'),
            ('gkr:OlzhasBektenov', 'Olzhas Bektenov@en', '', 'unlinked'),
            ('gkr:PresidentOfKazakhstan', 'President of the Republic of Kazakhstan@en', 'wd:Q5256775', 'likely'),
            ('gkr:PresidentOfKyrgyzstan', 'President of Kyrgyzstan@en', 'wd:Q853036', 'verified'),
            ('gkr:PresidentialAdministrationOfKyrgyzstan', 'Administration of the President of the Kyrgyz Republic@en', '', 'unlinked'),
            ('gkr:PrimeMinisterOfKazakhstan', 'Prime Minister of the Republic of Kazakhstan@en', 'wd:Q2416315', 'likely'),
            ('gkr:PrimeministerKz', 'primeminister.kz@en', '', 'unlinked'),
            ('gkr:SadyrJaparov', 'Sadyr Japarov@en', 'wd:Q25597826', 'verified'),
            ('gkr:SartobeCheckpoint', 'Sartobe checkpoint@en', '', 'unlinked'),
            ('gkr:SypatayBatyrCheckpoint', 'Sypatay Batyr checkpoint@en', '', 'unlinked'),
            ('gkr:TransitAndTransportPotentialConcept2030', 'Concept of development of the transit and transport potential of Kazakhstan until 2030@en', '', 'unlinked'),
            ('gkr:USDollar', 'United States dollar@en', 'wd:Q4917', 'verified'),
            ('gks:agriculture', 'agriculture@en', 'wd:Q11451', 'verified'),
            ('gks:construction', 'construction@en', 'wd:Q385378', 'verified'),
            ('gks:culture', 'culture@en', 'wd:Q11042', 'verified'),
            ('gks:economic', 'economic cooperation@en', '', 'unlinked'),
            ('gks:education', 'education@en', 'wd:Q8434', 'verified'),
            ('gks:energy', 'energy@en', '', 'unlinked'),
            ('gks:ferroalloys', 'ferroalloy industry@en', '', 'unlinked'),
            ('gks:humanitarian', 'humanitarian cooperation@en', '', 'unlinked'),
            ('gks:food', 'food industry@en', 'wd:Q540912', 'verified'),
            ('gks:industrial', 'industry@en', '', 'unlinked'),
            ('gks:investment', 'investment@en', '', 'unlinked'),
            ('gks:petrochemical', 'petrochemical industry@en', '', 'unlinked'),
            ('gks:pharmaceutical', 'pharmaceutical industry@en', 'wd:Q507443', 'verified'),
            ('gks:solarPower', 'solar power@en', '', 'unlinked'),
            ('gks:tourism', 'tourism@en', 'wd:Q49389', 'verified'),
            ('gks:trade', 'trade@en', '', 'unlinked'),
            ('gks:transitAndTransport', 'transit and transport@en', 'wd:Q7590', 'verified'),
            ('gks:waterManagement', 'water management@en', '', 'unlinked'),
        },
    ),
}

# The questions of issue 14 on the seed alone: it has no date, agreement, award or observed figure; its one target,
# its forthcoming visit (not yet realised) and its post holdings (without dates).
EXPECTED.update({
    "agreements": (('agreement', 'kind', 'party', 'signing', 'signatory', 'status', 'report'), set()),
    "awards": (('conferral', 'award', 'awardOf', 'degree', 'conferredBy', 'recipient', 'for', 'report'), set()),
    "figures-beside-targets": (
        ('indicator', 'observation', 'observed', 'year', 'changePercent', 'target', 'targetValue', 'currency'),
        {('gkr:KazakhstanKyrgyzstanTradeTurnover', '', '', '', '', 'v:TradeTurnoverTarget', '2000000000', 'USD')},
    ),
    "plans-realised": (
        ('plan', 'plannedIn', 'realisedBy', 'realisedIn', 'from'),
        {('v:ForthcomingOfficialVisit', SEED_ARTICLE, '', '', '')},
    ),
    "post-holders-on-day": (('day', 'post', 'person', 'report'), set()),
    "posts-by-report": (
        ('post', 'person', 'report', 'issued', 'from', 'until'),
        {
            ('gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan', 'gkr:AkylbekJaparov', SEED_ARTICLE, '', '', ''),
            ('gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan', 'gkr:AkylbekJaparov', SEED_ARTICLE, '', '', ''),
            ('gkr:PresidentOfKazakhstan', 'gkr:KassymJomartTokayev', SEED_ARTICLE, '', '', ''),
            ('gkr:PresidentOfKyrgyzstan', 'gkr:SadyrJaparov', SEED_ARTICLE, '', '', ''),
            ('gkr:PrimeMinisterOfKazakhstan', 'gkr:OlzhasBektenov', SEED_ARTICLE, '', '', ''),
        },
    ),
    "targets-by-report": (
        ('target', 'indicator', 'value', 'currency', 'statement', 'report', 'issued'),
        {('v:TradeTurnoverTarget', 'gkr:KazakhstanKyrgyzstanTradeTurnover', '2000000000', 'USD', 'v:TradeTurnoverTarget',
          SEED_ARTICLE, '')},
    ),
    "timeline": (('event', 'begins', 'ends', 'status', 'report'), set()),
})

#: The questions of issue 14 on the corpus of the seed and the second report (``r2:`` its nodes): what the second
#: report adds, and the links between the two (the realised visit, the restated target).
CORPUS_EXPECTED = {
    "agreements": (
        ('agreement', 'kind', 'party', 'signing', 'signatory', 'status', 'report'),
        {
            ('gkr:TreatyOnDeepeningAndExpansionOfAlliedRelations', 'gko:Treaty', party, 'r2:TreatySigning', signatory,
             'gkr:signing-status/beingSigned', R2_ARTICLE)
            for party in ('gkr:Kazakhstan', 'gkr:Kyrgyzstan')
            for signatory in ('gkr:KassymJomartTokayev', 'gkr:SadyrJaparov')
        },
    ),
    "awards": (
        ('conferral', 'award', 'awardOf', 'degree', 'conferredBy', 'recipient', 'for', 'report'),
        {('r2:OrderOfDostykConferral', 'gkr:OrderOfDostyk', 'gkr:Kazakhstan', '1', 'gkr:KassymJomartTokayev',
          'gkr:SadyrJaparov', 'for his contribution to the development and strengthening of bilateral relations@en',
          R2_ARTICLE)},
    ),
    "figures-beside-targets": (
        ('indicator', 'observation', 'observed', 'year', 'changePercent', 'target', 'targetValue', 'currency'),
        {
            ('gkr:KazakhstanKyrgyzstanTradeTurnover', 'r2:TradeTurnover2023', '1500000000', '2023', '26',
             'r2:TradeTurnoverTarget', '2000000000', 'USD'),
            ('gkr:KazakhstanKyrgyzstanTradeTurnover', 'r2:TradeTurnover2023', '1500000000', '2023', '26',
             'v:TradeTurnoverTarget', '2000000000', 'USD'),
        },
    ),
    "plans-realised": (
        ('plan', 'plannedIn', 'realisedBy', 'realisedIn', 'from'),
        {
            ('r2:ManasMonumentOpening', R2_ARTICLE, '', '', ''),
            ('r2:SupremeInterstateCouncilSession', R2_ARTICLE, '', '', ''),
            ('v:ForthcomingOfficialVisit', SEED_ARTICLE, 'r2:Visit', R2_ARTICLE, '2024-04-18'),
        },
    ),
    "scheduled-events": (
        ('event', 'agent', 'capacity', 'place'),
        {
            ('r2:ManasMonumentOpening', '', '', 'gkr:Astana'),
            ('r2:ManasMonumentOpening', '', '', 'gkr:Kazakhstan'),
            ('r2:SupremeInterstateCouncilSession', '', '', ''),
            ('v:ForthcomingOfficialVisit', 'gkr:SadyrJaparov', 'gkr:PresidentOfKyrgyzstan', 'gkr:Kazakhstan'),
        },
    ),
    "post-holders-on-day": (
        ('day', 'post', 'person', 'report'),
        {
            ('2024-04-19', 'gkr:PresidentOfKazakhstan', 'gkr:KassymJomartTokayev', R2_ARTICLE),
            ('2024-04-19', 'gkr:PresidentOfKyrgyzstan', 'gkr:SadyrJaparov', R2_ARTICLE),
        },
    ),
    "posts-by-report": (
        ('post', 'person', 'report', 'issued', 'from', 'until'),
        EXPECTED["posts-by-report"][1] | {
            ('gkr:PresidentOfKazakhstan', 'gkr:KassymJomartTokayev', R2_ARTICLE, '2024-04-19', '2024-04-18', '2024-04-19'),
            ('gkr:PresidentOfKyrgyzstan', 'gkr:SadyrJaparov', R2_ARTICLE, '2024-04-19', '2024-04-18', '2024-04-19'),
        },
    ),
    "targets-by-report": (
        ('target', 'indicator', 'value', 'currency', 'statement', 'report', 'issued'),
        EXPECTED["targets-by-report"][1] | {
            ('v:TradeTurnoverTarget', 'gkr:KazakhstanKyrgyzstanTradeTurnover', '2000000000', 'USD',
             'r2:TradeTurnoverTarget', R2_ARTICLE, '2024-04-19'),
        },
    ),
    "timeline": (
        ('event', 'begins', 'ends', 'status', 'report'),
        {
            ('r2:GalaConcert', '2024-04-18', '2024-04-18', 'held', R2_ARTICLE),
            ('r2:Talks', '2024-04-19', '2024-04-19', 'held', R2_ARTICLE),
            ('r2:Visit', '2024-04-18', '2024-04-19', 'held', R2_ARTICLE),
        },
    ),
}


#: The federated questions' answers against the stand-in endpoint loaded with tests/fixtures/wikidata-fixture.ttl
#: (fixture facts, not Wikidata's: Q900000001 is the fixture's fictitious head of government of Kazakhstan, named
#: Olzhas Bektenov; gkr:OlzhasBektenov is unlinked, so whether they agree is unknown: an empty ``agree``).
FEDERATED = {
    "wikidata-people": (
        ("person", "post", "item", "wikidataName", "born"),
        {
            ("gkr:AkylbekJaparov", "gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan", "wd:Q4060344",
             "Akylbek Japarov@en", "1964-09-14T00:00:00Z"),
            ("gkr:AkylbekJaparov", "gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan", "wd:Q4060344",
             "Akylbek Japarov@en", "1964-09-14T00:00:00Z"),
            ("gkr:KassymJomartTokayev", "gkr:PresidentOfKazakhstan", "wd:Q200881",
             "Kassym-Jomart Tokayev@en", "1953-05-17T00:00:00Z"),
            ("gkr:SadyrJaparov", "gkr:PresidentOfKyrgyzstan", "wd:Q25597826", "Sadyr Japarov@en", "1968-12-06T00:00:00Z"),
        },
    ),
    "wikidata-heads-check": (
        ("state", "role", "articlePerson", "wikidataHead", "wikidataPerson", "agree"),
        {
            ("gkr:Kazakhstan", "gko:HeadOfGovernment", "gkr:OlzhasBektenov", "wd:Q900000001", "", ""),
            ("gkr:Kazakhstan", "gko:HeadOfState", "gkr:KassymJomartTokayev", "wd:Q200881", "gkr:KassymJomartTokayev",
             "true"),
            ("gkr:Kyrgyzstan", "gko:HeadOfGovernment", "", "wd:Q4060344", "gkr:AkylbekJaparov", ""),
            ("gkr:Kyrgyzstan", "gko:HeadOfState", "gkr:SadyrJaparov", "wd:Q25597826", "gkr:SadyrJaparov", "true"),
        },
    ),
}

#: The article's sentences, exactly (source-sentence returns them with their position).
SENTENCES = {
    1: 'On the instructions of the Head of State, Prime Minister of the Republic of Kazakhstan Olzhas Bektenov made a short-term working visit to the Kyrgyz Republic, primeminister.kz reports.',
    2: 'In Bishkek, the Head of Government of Kazakhstan was received by the President of Kyrgyzstan Sadyr Japarov.',
    3: 'Olzhas Bektenov conveyed words of greetings from the Head of State Kassym-Jomart Tokayev and expressed the readiness of the Government of Kazakhstan to make every effort to ensure the progressive development of trade and economic cooperation.',
    4: 'During the negotiations at the Government level with the Chairman of the Cabinet of Ministers - Head of the Administration of the President of Kyrgyzstan Akylbek Japarov the issue of preparation for the forthcoming official visit of the President of Kyrgyzstan Sadyr Japarov to Kazakhstan was considered.',
    5: 'The parties discussed joint measures to increase bilateral trade turnover to $2 billion.',
    6: 'Attention was paid to specific projects aimed at strengthening trade and economic cooperation between the two countries.',
    7: 'Kazakhstan is ready to increase exports of 195 commodity items worth $260 million.',
    8: 'There is a wide potential in food, industrial, petrochemical, construction, pharmaceutical and other sectors.',
    9: 'This is also supported by plans to establish an Industrial Trade and Logistics Complex on the common border.',
    10: 'The launch of this project will have a multiplier effect and will give an additional impetus to trade, economic and investment co-operation.',
    11: 'To fully unlock the potential of cooperation in agriculture, the two governments will take measures to increase mutual supplies of products and launch joint projects, as well as continue active interaction between research institutes and agricultural universities of the two countries.',
    12: 'Olzhas Bektenov emphasised the importance of approving the operation regimes of water management facilities of interstate use for the growing season of 2024.',
    13: 'Along with this, the parties noted the dynamic work to increase the capacity of the Kazakhstan-Kyrgyz border, as well as the attractiveness of transit for freight carriers.',
    14: 'In accordance with the Concept of development of transit and transport potential of Kazakhstan until 2030, the construction and reconstruction of Karasu, Besagash, Aukhatty, Sartobe, Aisha Bibi, Sypatay Batyr and Kegen checkpoints are envisaged.',
    15: 'During the meeting the parties also discussed issues of co-operation in the spheres of education, culture and tourism.',
    16: 'As a result of the talks, the parties confirmed their readiness to fully realise all the tasks set by the heads of two states and raise Kazakhstan-Kyrgyzstan cooperation to a new level.',
}

#: (node, sentence position) of every node that says which sentence it comes from.
SOURCES = [
    ('v:Visit', 1),
    ('v:VisitParticipationOlzhasBektenov', 1),
    ('v:Reception', 2),
    ('v:ReceptionParticipationOlzhasBektenov', 2),
    ('v:ReceptionParticipationSadyrJaparov', 2),
    ('v:GovernmentReadiness', 3),
    ('v:Greetings', 3),
    ('v:ForthcomingOfficialVisit', 4),
    ('v:ForthcomingVisitParticipationSadyrJaparov', 4),
    ('v:ForthcomingVisitPreparation', 4),
    ('v:Negotiations', 4),
    ('v:NegotiationsParticipationAkylbekJaparov', 4),
    ('v:NegotiationsParticipationOlzhasBektenov', 4),
    ('v:TradeTurnoverDiscussion', 5),
    ('v:TradeTurnoverTarget', 5),
    ('v:SpecificProjectsDiscussion', 6),
    ('v:ExportReadiness', 7),
    ('v:SectorPotential', 8),
    ('v:LogisticsComplexPlan', 9),
    ('v:MultiplierEffect', 10),
    ('v:AgriculturalResearchInteractionMeasure', 11),
    ('v:AgricultureCommitment', 11),
    ('v:JointAgriculturalProjectsMeasure', 11),
    ('v:MutualSuppliesMeasure', 11),
    ('v:WaterRegimesIssue', 12),
    ('v:BorderCapacityWork', 13),
    ('v:CheckpointsPlan', 14),
    ('v:EducationCultureTourismDiscussion', 15),
    ('v:Negotiations', 15),
    ('v:ConfirmedReadiness', 16),
    ('v:Negotiations', 16),
    ('v:TasksSetByHeadsOfState', 16),
]




def compact_rows(document: dict) -> tuple[tuple, list[tuple]]:
    """(columns, sorted rows) of a SPARQL JSON results document, cells compacted, ``v:``-abbreviated (the seed's
    nodes) and ``r2:``-abbreviated (the second report's)."""
    columns, rows = table.rows(document)
    return tuple(columns), sorted(tuple(cell.replace(V, "v:").replace(R2, "r2:") for cell in row) for row in rows)


