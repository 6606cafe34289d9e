# language: fr
Fonctionnalité: Traiter la réclamation d'un locataire
  Un locataire signale un désordre ou conteste quelque chose, par l'application des gardiens,
  l'accueil, le centre de relation clientèle, l'extranet ou un courrier. Le chargé de clientèle
  enregistre la réclamation, qualifie l'urgence (U1 sous 4 heures, U2 sous 24 heures, U3 sous
  5 jours ouvrés, astreinte 24 h/24 hors heures ouvrées), accuse réception sous 48 heures et
  décide qui prend en charge. Le technicien commande l'intervention, l'entreprise intervient,
  le chargé de gestion locative traite les demandes administratives. Le dossier est clos, puis
  le locataire note le traitement : une note basse rouvre ou escalade la réclamation.

  Contexte:
    Étant donné le processus des réclamations déployé
    Et l'équipe du territoire "nord" :
      | identifiant | rôle                       |
      | claire      | chargé de clientèle        |
      | luc         | chargé de gestion locative |
      | martin      | technicien patrimoine      |
      | plombco     | entreprise                 |
      | cdc         | commission                 |
      | rose        | responsable territorial    |
      | mme-durand  | locataire                  |

  Scénario: Une fuite signalée par téléphone est réparée et le locataire est satisfait
    Quand "claire" enregistre une réclamation "leak" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U2"
    Alors les tâches ouvertes sont "Accuser réception" et "Déterminer la responsabilité"
    Et le délai d'intervention du dossier est le "2026-03-03T08:00:00+00:00"
    Quand "claire" termine la tâche "Accuser réception"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Alors les tâches ouvertes sont "Commander l'intervention"
    Et "martin" voit la tâche "Commander l'intervention"
    Quand "martin" termine la tâche "Commander l'intervention"
    Et "plombco" termine la tâche "Réaliser l'intervention"
    Alors les tâches ouvertes sont "Clôturer la réclamation"
    Quand "claire" termine la tâche "Clôturer la réclamation"
    Alors "mme-durand" voit la tâche "Répondre à l'enquête de satisfaction"
    Quand "mme-durand" termine la tâche "Répondre à l'enquête de satisfaction" avec satisfaction_score = 4
    Alors le dossier est clos

  Plan du scénario: La responsabilité et la nature de la réclamation l'orientent
    Quand "claire" enregistre une réclamation "<catégorie>" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "<responsabilité>"
    Alors le dossier attend "<tâche suivante>"

    Exemples:
      | catégorie   | responsabilité         | tâche suivante                     |
      | plumbing    | tenant                 | Informer le locataire de sa charge |
      | lift        | maintenance_contractor | Commander l'intervention           |
      | electrical  | landlord               | Commander l'intervention           |
      | charges     | landlord               | Traiter la demande administrative  |
      | neighbours  | recoverable_charge     | Traiter la demande administrative  |

  Scénario: Une réparation locative est expliquée au locataire puis close
    Quand "claire" enregistre une réclamation "plumbing" reçue par "reception_spot"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Et "claire" termine la tâche "Accuser réception"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "tenant"
    Et "claire" termine la tâche "Informer le locataire de sa charge"
    Alors les tâches ouvertes sont "Clôturer la réclamation"

  Plan du scénario: Une réclamation écrite appelle une réponse écrite
    Quand "claire" enregistre une réclamation "heating" reçue par "<canal>"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Et "claire" termine la tâche "Accuser réception"
    Alors le dossier <attente> "Répondre par écrit"

    Exemples:
      | canal          | attente     |
      | letter         | attend      |
      | extranet       | attend      |
      | call_centre    | n'attend pas |
      | caretaker_app  | n'attend pas |

  Plan du scénario: Un litige sur les charges va devant la commission de conciliation
    Quand "claire" enregistre une réclamation "charges" reçue par "letter"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "recoverable_charge"
    Et "luc" termine la tâche "Traiter la demande administrative" avec charges_disputed = <litige>
    Alors le dossier attend "<tâche suivante>"

    Exemples:
      | litige | tâche suivante                   |
      | true   | Examiner le litige en commission |
      | false  | Clôturer la réclamation          |

  Scénario: La commission de conciliation rend son avis dans les deux mois
    Quand "claire" enregistre une réclamation "charges" reçue par "letter"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "recoverable_charge"
    Et "luc" termine la tâche "Traiter la demande administrative" avec charges_disputed = true
    Alors la tâche "Examiner le litige en commission" est due au plus tard le "2026-05-02"
    Quand "cdc" termine la tâche "Examiner le litige en commission" avec refund_amount = 35.5
    Alors le dossier attend "Clôturer la réclamation"

  Plan du scénario: Le même désordre signalé deux fois en 3 mois appelle un diagnostic
    Étant donné que le même désordre a été signalé le "<signalé le>"
    Quand "claire" enregistre une réclamation "leak" reçue par "caretaker_app"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U2"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Et "martin" termine la tâche "Commander l'intervention"
    Et "plombco" termine la tâche "Réaliser l'intervention"
    Alors le dossier attend "<tâche suivante>"

    Exemples:
      | signalé le | tâche suivante                  |
      | 2025-12-02 | Réaliser un diagnostic technique |
      | 2025-12-01 | Clôturer la réclamation          |

  Plan du scénario: Une urgence U1 hors heures ouvrées passe par l'astreinte
    Étant donné que nous sommes le "<instant>"
    Quand "claire" enregistre une réclamation "electrical" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "<urgence>"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Alors le dossier attend "<tâche suivante>"

    Exemples:
      | instant                   | urgence | tâche suivante           |
      | 2026-03-07T22:00:00+01:00 | U1      | Mobiliser l'astreinte    |
      | 2026-03-02T19:00:00+01:00 | U1      | Mobiliser l'astreinte    |
      | 2026-03-02T10:00:00+01:00 | U1      | Commander l'intervention |
      | 2026-03-07T22:00:00+01:00 | U2      | Commander l'intervention |

  Scénario: Après l'astreinte, l'entreprise intervient
    Étant donné que nous sommes le "2026-03-07T22:00:00+01:00"
    Quand "claire" enregistre une réclamation "leak" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U1"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Et "martin" termine la tâche "Mobiliser l'astreinte"
    Alors le dossier attend "Réaliser l'intervention"

  Plan du scénario: Une note basse rouvre la réclamation
    Quand la réclamation "leak" est traitée jusqu'à l'enquête de satisfaction
    Et "mme-durand" termine la tâche "Répondre à l'enquête de satisfaction" avec satisfaction_score = <note>
    Alors le dossier <suite>

    Exemples:
      | note | suite                                       |
      | 5    | est clos                                    |
      | 3    | est clos                                    |
      | 2    | attend "Déterminer la responsabilité"       |
      | 1    | attend "Déterminer la responsabilité"       |

  Scénario: Toujours insatisfait après réouverture, le locataire est entendu par le responsable territorial
    Quand la réclamation "leak" est traitée jusqu'à l'enquête de satisfaction
    Et "mme-durand" termine la tâche "Répondre à l'enquête de satisfaction" avec satisfaction_score = 2
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Et "martin" termine la tâche "Commander l'intervention"
    Et "plombco" termine la tâche "Réaliser l'intervention"
    Et "claire" termine la tâche "Clôturer la réclamation"
    Et "mme-durand" termine la tâche "Répondre à l'enquête de satisfaction" avec satisfaction_score = 1
    Alors les tâches ouvertes sont "Examiner l'insatisfaction du locataire"
    Et "rose" voit la tâche "Examiner l'insatisfaction du locataire"
    Quand "rose" termine la tâche "Examiner l'insatisfaction du locataire"
    Alors le dossier est clos

  Plan du scénario: Le délai d'intervention dépassé alerte le responsable territorial
    Quand "claire" enregistre une réclamation "leak" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "<urgence>"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Et <avant> passent
    Alors "rose" ne voit pas la tâche "Traiter le retard d'intervention"
    Quand <après> passent
    Alors "rose" voit la tâche "Traiter le retard d'intervention"
    Et le dossier attend "Commander l'intervention"

    Exemples:
      | urgence | avant      | après     |
      | U1      | 3 heures   | 2 heures  |
      | U2      | 23 heures  | 2 heures  |
      | U3      | 6 jours    | 2 jours   |

  Scénario: Un retard pendant l'intervention alerte aussi le responsable territorial
    Quand "claire" enregistre une réclamation "leak" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U2"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Et "martin" termine la tâche "Commander l'intervention"
    Et 25 heures passent
    Alors "rose" voit la tâche "Traiter le retard d'intervention"
    Quand "rose" termine la tâche "Traiter le retard d'intervention"
    Alors le dossier attend "Réaliser l'intervention"

  Scénario: La réponse écrite en retard de plus de 15 jours est relancée
    Quand "claire" enregistre une réclamation "heating" reçue par "letter"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Et "claire" termine la tâche "Accuser réception"
    Et 15 jours passent
    Alors "rose" ne voit pas la tâche "Relancer la réponse écrite en retard"
    Quand 1 jour passe
    Alors "rose" voit la tâche "Relancer la réponse écrite en retard"
    Et le dossier attend "Répondre par écrit"

  Scénario: Un accusé de réception en retard de 48 heures est escaladé
    Quand "claire" enregistre une réclamation "leak" reçue par "extranet"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U3"
    Alors la tâche "Accuser réception" est due le "2026-03-04T08:00:00+00:00"
    Quand 47 heures passent
    Et la veille des délais passe
    Alors "rose" ne voit pas la tâche "Accuser réception"
    Quand 2 heures passent
    Et la veille des délais passe
    Alors "rose" voit la tâche "Accuser réception"

  Scénario: Sans réponse à l'enquête de satisfaction en 15 jours, le dossier est clos
    Quand la réclamation "leak" est traitée jusqu'à l'enquête de satisfaction
    Et 14 jours passent
    Alors le dossier attend "Répondre à l'enquête de satisfaction"
    Quand 2 jours passent
    Alors le dossier est clos
    Et l'historique du dossier mentionne "Timer_NoAnswer"

  Plan du scénario: Une saisie invalide est refusée sans rien changer
    Quand "claire" enregistre une réclamation "leak" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U2"
    Et "claire" termine la tâche "Déterminer la responsabilité" avec responsibility = "landlord"
    Et "martin" termine la tâche "Commander l'intervention"
    Et "plombco" termine la tâche "Réaliser l'intervention" avec <champ> = <valeur>
    Alors la saisie est refusée sur le champ "<champ>"
    Et le dossier attend "Réaliser l'intervention"
    Et le dossier n'a pas de valeur pour "intervened_at"

    Exemples:
      | champ             | valeur      |
      | intervention_cost | -10         |
      | resolved          | "oui"       |
      | signed_slip       | []          |

  Scénario: Une urgence inconnue est refusée à la qualification
    Quand "claire" enregistre une réclamation "leak" reçue par "call_centre"
    Et "claire" termine la tâche "Qualifier l'urgence" avec urgency = "U4"
    Alors la saisie est refusée sur le champ "urgency"
    Et le dossier attend "Qualifier l'urgence"
